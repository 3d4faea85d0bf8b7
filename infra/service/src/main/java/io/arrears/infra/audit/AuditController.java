package io.arrears.infra.audit;

import com.mongodb.client.MongoDatabase;
import io.arrears.infra.eventstore.Anchor;
import io.arrears.infra.eventstore.AnchorSink;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.ChainSealer;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.GlobalChain;
import io.arrears.infra.projection.ProjectionCatalog;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.rejection.InvalidRequest.FieldProblem;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.kernel.rejection.UnknownAccount;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The auditor's API: verify the hash chains, read the global trail, export it (AUDITOR). */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit", description = "Verification and export of the event store itself")
public class AuditController {

    static final int RANGE_EVENTS_MAX = 1_000;
    private final ChainVerifier verifier;
    private final AuditTrailReader reader;
    private final ProjectionChecksums checksums;
    private final ProjectionRebuild rebuild;
    private final ProjectionSwitch projectionSwitch;
    private final AnchorSink anchorSink;
    private final ChainSealer sealer;
    private final MongoDatabase database;
    private final AuditKeyring keyring;

    public AuditController(ChainVerifier verifier, AuditTrailReader reader, ProjectionChecksums checksums,
                           ProjectionRebuild rebuild, ProjectionSwitch projectionSwitch, AnchorSink anchorSink,
                           ChainSealer sealer, MongoDatabase database, AuditKeyring keyring) {
        this.verifier = verifier;
        this.reader = reader;
        this.checksums = checksums;
        this.rebuild = rebuild;
        this.projectionSwitch = projectionSwitch;
        this.anchorSink = anchorSink;
        this.sealer = sealer;
        this.database = database;
        this.keyring = keyring;
    }

    /** The admin endpoint: rebuild one projection from position 0 and switch the live one over to it. */
    @PreAuthorize("hasRole('SUPERVISOR')")
    @PostMapping("/projections/{processor}/rebuild")
    @Operation(summary = "Rebuild a projection (" + ProjectionCatalog.NAMES + ") from position 0 beside the live "
            + "one and switch over to it while queries go on (SUPERVISOR)")
    public ProjectionSwitch.Result rebuildAndSwitch(
            @PathVariable String processor) {
        if (!projectionSwitch.processors().contains(processor)) {
            throw new InvalidRequest(List.of(new FieldProblem("processor", "must be one of "
                    + projectionSwitch.processors())));
        }
        return projectionSwitch.rebuildAndSwitch(processor);
    }

    /**
     * Rebuilds every projection from position 0 beside the live one and compares checksums. The live
     * projections keep serving; they must have caught up with the events for the checksums to match.
     */
    @PreAuthorize("hasRole('AUDITOR')")
    @GetMapping("/rebuild-check")
    @Operation(summary = "Rebuild every projection from position 0 into fresh collections and compare each "
            + "checksum with the live projection's")
    public ProjectionRebuild.Result rebuildCheck() {
        return rebuild.rebuildAndCompare(events -> { });
    }

    @PreAuthorize("hasRole('AUDITOR')")
    @GetMapping("/checksums")
    @Operation(summary = "A SHA-256 checksum of each projection's documents; a rebuild from the same events "
            + "gives the same")
    public java.util.Map<String, String> checksums() {
        return checksums.all();
    }

    @PreAuthorize("hasRole('AUDITOR')")
    @GetMapping("/verify")
    @Operation(summary = "Verify one account (?accountId=: its commits' MACs, hashes and chain) or the whole store "
            + "(every commit's MAC and hashes, the global chain, every published anchor, every stream): ok, what was "
            + "checked, and the first broken link with its kind, position, account and field")
    public ChainVerifier.Result verify(@RequestParam(required = false) String accountId) {
        if (accountId != null) {
            requireAccountId(accountId);
            ChainVerifier.Result result = verifier.verifyAccount(accountId);
            if (result.accountsChecked() == 0) {
                throw new UnknownAccount(accountId);
            }
            return result;
        }
        return verifier.verifyAll(done -> { }, anchorSink.list());
    }

    /** One published anchor as the sink holds it; {@code problem} when it does not read as one. */
    public record PublishedAnchor(String name, Long sequence, Long position, String link, java.time.Instant at,
                                  String keyId, String problem) {
    }

    /** @param chainThrough the last position the global chain covers now */
    public record AnchorList(String sink, long chainThrough, String chainHead, List<PublishedAnchor> anchors) {
    }

    @PreAuthorize("hasRole('AUDITOR')")
    @GetMapping("/anchors")
    @Operation(summary = "The anchors published outside the store (signed checkpoints of the global chain's head), "
            + "with the chain's head now")
    public AnchorList anchors() {
        List<PublishedAnchor> anchors = new ArrayList<>();
        for (AnchorSink.Published published : anchorSink.list()) {
            Anchor anchor = published.anchor();
            anchors.add(anchor == null ? new PublishedAnchor(published.name(), null, null, null, null, null,
                    published.problem()) : new PublishedAnchor(published.name(), anchor.sequence(), anchor.position(),
                    anchor.link(), anchor.at(), anchor.keyId(), null));
        }
        GlobalChain.Head head = sealer.head();
        return new AnchorList(anchorSink.describe(), head.last(), head.link(), anchors);
    }

    public record TrailPage(long fromPosition, long toPosition, List<Document> events) {
    }

    /** A page of the global trail: every account's events with positions in a range, in position order. */
    @PreAuthorize("hasRole('AUDITOR')")
    @GetMapping("/events")
    @Operation(summary = "The global trail between two positions (at most 1,000 events), in position order")
    public TrailPage events(@RequestParam(defaultValue = "0") long fromPosition,
                            @RequestParam(required = false) Long toPosition) {
        long to = toPosition == null ? fromPosition + RANGE_EVENTS_MAX - 1 : toPosition;
        if (fromPosition < 0 || to < fromPosition || to - fromPosition >= RANGE_EVENTS_MAX) {
            throw new InvalidRequest(List.of(new FieldProblem("toPosition",
                    "must be from fromPosition to fromPosition + " + (RANGE_EVENTS_MAX - 1))));
        }
        List<Document> events = new ArrayList<>();
        reader.range(fromPosition, to, entry -> events.add(Document.parse(TrailExport.jsonLine(entry))));
        return new TrailPage(fromPosition, to, events);
    }

    @PreAuthorize("hasRole('AUDITOR')")
    @GetMapping("/export")
    @Operation(summary = "Stream the trail of an account (?accountId=) or a position range as JSON Lines (commits "
            + "with their MACs, events with their hashes, the global chain and anchors of a range, a MACed closing "
            + "line: it verifies offline with java -jar arrears.jar audit verify --input FILE) or CSV (the events)")
    public ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "jsonl") String format,
                                                        @RequestParam(required = false) String accountId,
                                                        @RequestParam(defaultValue = "0") long fromPosition,
                                                        @RequestParam(defaultValue = "" + Long.MAX_VALUE) long toPosition) {
        TrailExport.Format parsed;
        try {
            parsed = TrailExport.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(List.of(new FieldProblem("format", "must be jsonl or csv")));
        }
        if (accountId != null) {
            requireAccountId(accountId);
            if (database.getCollection(CommitSchema.STREAMS)
                    .find(com.mongodb.client.model.Filters.eq("_id", accountId)).first() == null) {
                throw new UnknownAccount(accountId);
            }
        }
        if (fromPosition < 0 || toPosition < fromPosition) {
            throw new InvalidRequest(List.of(new FieldProblem("fromPosition",
                    "must be 0 or more, and not after toPosition")));
        }
        StreamingResponseBody body = output -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            if (parsed == TrailExport.Format.JSONL) {
                List<Anchor> anchors = anchorSink.list().stream().map(AnchorSink.Published::anchor)
                        .filter(java.util.Objects::nonNull).toList();
                JsonLinesExport.write(writer, keyring, database, reader, accountId, fromPosition, toPosition, anchors);
                writer.flush();
                return;
            }
            TrailExport.header(parsed, writer);
            if (accountId != null) {
                reader.account(accountId, TrailExport.writer(parsed, writer));
            } else {
                reader.range(fromPosition, toPosition, TrailExport.writer(parsed, writer));
            }
            writer.flush();
        };
        String name = (accountId == null ? "trail" : accountId) + "." + format.toLowerCase(Locale.ROOT);
        return ResponseEntity.ok()
                .contentType(parsed == TrailExport.Format.CSV ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                        : new MediaType("application", "x-ndjson", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(body);
    }

    /** A 400 problem naming {@code accountId} unless it is an account id (time travel asks too). */
    static void requireAccountId(String accountId) {
        if (!AccountId.isValid(accountId)) {
            throw new InvalidRequest(List.of(new FieldProblem("accountId", "is not an account id")));
        }
    }
}
