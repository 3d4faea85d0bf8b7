package io.arrears.infra.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.audit.AuditTrailReader;
import io.arrears.infra.audit.ChainVerifier;
import io.arrears.infra.audit.JsonLinesCheck;
import io.arrears.infra.audit.JsonLinesExport;
import io.arrears.infra.audit.ProjectionChecksums;
import io.arrears.infra.audit.ProjectionProgress;
import io.arrears.infra.audit.ProjectionRebuild;
import io.arrears.infra.audit.ProjectionSwitch;
import io.arrears.infra.audit.TimeTravelController;
import io.arrears.infra.audit.TrailExport;
import io.arrears.infra.eventstore.Anchor;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.CommitPositions;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.DirectoryAnchorSink;
import io.arrears.infra.eventstore.StoredForm;
import io.arrears.infra.mongo.AuditKeys;
import io.arrears.infra.projection.ProjectionCatalog;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.kernel.rejection.RuleViolation;
import io.arrears.kernel.rejection.UnknownAccount;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code java -jar arrears.jar audit ...}: the auditor's commands on the same store settings as the
 * service ({@code ARREARS_MONGODB_URI}, or the embedded store in {@code ARREARS_DATA_DIR}, default
 * {@code ./data}). Its help and the exit codes it lists are generated from the options below.
 */
@Command(name = "audit", sortOptions = false,
        description = "The auditor's commands: verify the evidence, export the trail, replay an account, "
                + "checksum and rebuild the projections.",
        footerHeading = "%nStore:%n",
        footer = {"ARREARS_MONGODB_URI, else the embedded store in ARREARS_DATA_DIR (default: data). The embedded "
                + "store is one process's at a time: stop the ledger first, or use the same commands over HTTP "
                + "(/api/v1/audit/...).",
                "Audit keys: ARREARS_AUDIT_KEYS or ARREARS_AUDIT_KEYS_FILE, else the embedded store's development "
                        + "keys."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:verification failed, or the work was refused (an unknown account, a rebuild "
                + "already running)", "2:usage: an unknown command, a missing or bad option, a file that cannot be "
                + "read or written", "3:the store cannot be opened", "4:rebuild-check: a live projection has not "
                + "caught up with the events; start the ledger, then check again"})
public final class AuditCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NO_STORE = 3;
    public static final int BEHIND = 4;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    private boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    public AuditCli(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /** {@code audit} alone: the help, as a usage mistake. */
    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return USAGE;
    }

    @Command(name = "verify", description = {"Verify the store: every commit's MAC and hashes, the global chain, "
            + "the anchors and every stream; or one account.", "With --input, check a JSON Lines export offline, "
            + "without the store."})
    int verify(@Option(names = "--account", paramLabel = "ID", description = "Verify this account only.")
               String account,
               @Option(names = "--anchors", paramLabel = "DIR", description = "The published anchors to check "
                       + "(default: anchors in the data directory).") Path anchors,
               @Option(names = "--input", paramLabel = "FILE", description = "A JSON Lines export to check instead "
                       + "of the store.") Path input) {
        return answer(() -> input != null ? verifyFile(input)
                : withStore(database -> verifyStore(database, account, anchors)));
    }

    @Command(name = "export", description = "Write the trail with its hashes.")
    int export(@Option(names = "--format", required = true, paramLabel = "jsonl|csv",
                       description = "JSON Lines (closed with a MAC, checkable offline) or CSV.")
               TrailExport.Format format,
               @Option(names = "--output", required = true, paramLabel = "FILE") Path output,
               @Option(names = "--account", paramLabel = "ID", description = "This account's events only.")
               String account,
               @Option(names = "--from-position", paramLabel = "N", defaultValue = "0") long from,
               @Option(names = "--to-position", paramLabel = "N", description = "Default: the last.") Long to) {
        return answer(() -> writeTrail(format, output, account, from, to == null ? Long.MAX_VALUE : to));
    }

    @Command(name = "replay", description = "The account as it stood at a recorded instant.")
    int replay(@Option(names = "--account", required = true, paramLabel = "ID") String account,
               @Option(names = "--as-of-recorded", required = true, paramLabel = "INSTANT",
                       description = "ISO-8601 UTC, such as 2026-11-22T00:00:00Z.") String instant) {
        return answer(() -> replayAt(account, instant));
    }

    @Command(name = "checksum", description = "A SHA-256 checksum of each projection's documents.")
    int checksum() {
        return answer(() -> withStore(this::checksum));
    }

    @Command(name = "rebuild-check", description = "Rebuild every projection from position 0 into fresh "
            + "collections and compare checksums with the live ones; exit 1 if any differs.")
    int rebuildCheck() {
        return answer(() -> withStore(this::rebuildCheck));
    }

    @Command(name = "rebuild", description = "Rebuild one projection and switch over to it.")
    int rebuild(@Option(names = "--projection", required = true, paramLabel = "NAME",
                        description = "One of " + ProjectionCatalog.NAMES + ".") String projection) {
        return answer(() -> withStore(database -> rebuild(database, projection)));
    }

    private interface Work {
        int run() throws IOException;
    }

    /** Runs {@code work}, answering the ledger's refusals and a file's trouble with an exit code and a line on stderr. */
    private int answer(Work work) {
        try {
            return work.run();
        } catch (InvalidRequest | IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (UnknownAccount e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (RuleViolation e) {
            // Another rebuild of the same projection holds its lease, on a node or another command line.
            err.println("arrears audit: " + e.getMessage());
            return FAILED;
        } catch (IllegalStateException e) {
            err.println("arrears audit: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            return FAILED;
        } catch (IOException e) {
            err.println("cannot read or write a file: " + e.getMessage());
            return USAGE;
        }
    }

    private int usage(String problem) {
        err.println("arrears audit: " + problem);
        err.println("Run with --help for the commands.");
        return USAGE;
    }

    /** The embedded store's directory: ARREARS_DATA_DIR, else ./data. */
    private Path dataDir() {
        return Path.of(environment.getOrDefault("ARREARS_DATA_DIR", "data"));
    }

    /** The audit keys from ARREARS_AUDIT_KEYS or ARREARS_AUDIT_KEYS_FILE, else the embedded store's development keys. */
    private Optional<AuditKeyring> keyring() {
        return AuditKeys.forAuditor(environment, dataDir());
    }

    /** The anchors published in {@code directory} that read as anchors; none when there is no such directory. */
    private static List<Anchor> anchorsOf(Path directory) {
        return new DirectoryAnchorSink(directory).list().stream().map(published -> published.anchor())
                .filter(Objects::nonNull).toList();
    }

    private interface StoreWork {
        int run(MongoDatabase database) throws IOException;
    }

    private int withStore(StoreWork work) throws IOException {
        String uri = environment.get("ARREARS_MONGODB_URI");
        EmbeddedMongoServer embedded = null;
        String connection;
        String databaseName = "arrears";
        if (uri == null || uri.isBlank()) {
            Path dataDir = dataDir();
            if (!Files.exists(dataDir.resolve(EmbeddedMongoServer.FILE_NAME))) {
                err.println("no ledger data in " + dataDir.toAbsolutePath() + " (set ARREARS_DATA_DIR)");
                return NO_STORE;
            }
            try {
                embedded = EmbeddedMongoServer.onDisk(dataDir, ProjectionCatalog.viewsFile());
            } catch (RuntimeException e) {
                err.println("cannot open the embedded store in " + dataDir.toAbsolutePath()
                        + ": is the ledger running on it? Stop it, or use /api/v1/audit/... (" + e.getMessage() + ")");
                return NO_STORE;
            }
            connection = embedded.connectionString();
        } else {
            connection = uri;
            String named = new ConnectionString(uri).getDatabase();
            databaseName = named == null ? databaseName : named;
        }
        try (MongoClient client = MongoClients.create(connection)) {
            return work.run(client.getDatabase(databaseName));
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private int verifyStore(MongoDatabase database, String account, Path anchorsDir) {
        ChainVerifier verifier = new ChainVerifier(database, keyring().orElse(null), Clock.systemUTC());
        ChainVerifier.Result result;
        if (account != null) {
            result = verifier.verifyAccount(account);
        } else {
            long total = database.getCollection(CommitSchema.COMMITS).countDocuments();
            ProgressBar bar = new ProgressBar(err, "commits", total);
            Path anchors = anchorsDir != null ? anchorsDir : dataDir().resolve("anchors");
            if (anchorsDir == null && !Files.isDirectory(anchors)) {
                err.println("no anchors in " + anchors.toAbsolutePath() + ": give --anchors DIR to check them");
                result = verifier.verifyAll(bar::update);
            } else {
                result = verifier.verifyAll(bar::update, new DirectoryAnchorSink(anchors).list());
            }
            bar.finish();
        }
        result.notices().forEach(notice -> out.println("notice: " + notice));
        if (result.ok()) {
            out.println("ok: " + result.eventsChecked() + " events of " + result.accountsChecked()
                    + " accounts verified");
            return OK;
        }
        ChainVerifier.BrokenLink link = result.brokenLink();
        out.println("NOT OK: " + link.kind()
                + (link.accountId() == null ? "" : ", account " + link.accountId())
                + (link.sequence() == null ? "" : ", sequence " + link.sequence())
                + (link.position() == null ? "" : ", position " + link.position())
                + (link.field() == null ? "" : ", field " + link.field()) + ": " + link.problem()
                + (link.expected() == null ? "" : " (expected " + link.expected() + ", found " + link.found() + ")"));
        return FAILED;
    }

    private int verifyFile(Path input) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            JsonLinesCheck.Result result = JsonLinesCheck.check(reader, keyring().orElse(null));
            if (result.ok()) {
                out.println("ok: " + result.eventsChecked() + " events of " + result.accounts()
                        + " accounts verified in " + input);
                return OK;
            }
            out.println("NOT OK: " + result.problem());
            return FAILED;
        }
    }

    private int writeTrail(TrailExport.Format format, Path output, String account, long from, long to) throws IOException {
        Optional<AuditKeyring> keyring = keyring();
        if (format == TrailExport.Format.JSONL && keyring.isEmpty()) {
            return usage("a JSON Lines export is closed with a MAC: set ARREARS_AUDIT_KEYS or ARREARS_AUDIT_KEYS_FILE");
        }
        return withStore(database -> {
            AuditTrailReader reader = new AuditTrailReader(database);
            if (format == TrailExport.Format.JSONL) {
                long events;
                try (Writer writer = new BufferedWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
                    events = JsonLinesExport.write(writer, keyring.get(), database, reader, account, from, to,
                            anchorsOf(dataDir().resolve("anchors")));
                }
                out.println(events + " events written to " + output);
                return OK;
            }
            AtomicLong written = new AtomicLong();
            ProgressBar bar = new ProgressBar(err, "events", 0);
            try (Writer writer = new BufferedWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
                TrailExport.header(format, writer);
                var sink = TrailExport.writer(format, writer);
                Consumer<AuditTrailReader.Entry> counting = entry -> {
                    sink.accept(entry);
                    bar.update(written.incrementAndGet());
                };
                if (account != null) {
                    if (!reader.account(account, counting)) {
                        throw new UnknownAccount(account);
                    }
                } else {
                    reader.range(from, to, counting);
                }
            }
            bar.finish();
            out.println(written.get() + " events written to " + output);
            return OK;
        });
    }

    private int replayAt(String account, String instant) throws IOException {
        return withStore(database -> {
            // By recorded instant: the zone, which dates stage moves for a value date, is not read.
            TimeTravelController timeTravel = new TimeTravelController(
                    SerializationConfiguration.storedFormEngine(database), new CommitPositions(database)::positionOf, ZoneOffset.UTC);
            ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT);
            out.println(json.writeValueAsString(timeTravel.asOfRecorded(account, instant)));
            return OK;
        });
    }

    /**
     * Compares each live projection with one rebuilt from every event, once every live projection has
     * handled every event it handles. Until then (a ledger killed before its views were saved, a
     * store from before they had a file of their own) a difference would be no evidence of anything:
     * the projections that are behind are named and nothing is rebuilt; the ledger derives the rest
     * when it next runs.
     */
    private int rebuildCheck(MongoDatabase database) {
        EventStorageEngine events = SerializationConfiguration.storedFormEngine(database);
        List<String> behind = new ProjectionProgress(database, events, StoredForm.serializer()).behind();
        if (!behind.isEmpty()) {
            behind.forEach(collection -> out.println("behind    " + collection
                    + "  live has not handled every event yet"));
            out.println("start the ledger to let its projections catch up, then check again");
            return BEHIND;
        }
        ProgressBar bar = new ProgressBar(err, "events", 0);
        ProjectionRebuild.Result result = new ProjectionRebuild(database, events).rebuildAndCompare(bar::update);
        bar.finish();
        for (ProjectionRebuild.Comparison comparison : result.projections()) {
            out.println((comparison.same() ? "same      " : "DIFFERENT ") + comparison.projection() + "  live "
                    + comparison.live() + "  rebuilt " + comparison.rebuilt());
        }
        out.println(result.eventsReplayed() + " events replayed");
        return result.same() ? OK : FAILED;
    }

    private int rebuild(MongoDatabase database, String processor) {
        TokenStore tokenStore = MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(StoredForm.serializer())
                .nodeId("arrears-audit-cli")
                .build();
        ProjectionSwitch projectionSwitch = new ProjectionSwitch(database,
                SerializationConfiguration.storedFormEngine(database), tokenStore, Clock.systemUTC());
        if (!projectionSwitch.processors().contains(processor)) {
            return usage("--projection must be one of " + projectionSwitch.processors());
        }
        ProjectionSwitch.Result result = projectionSwitch.rebuildAndSwitch(processor);
        out.println("rebuilt " + result.collection() + " from " + result.eventsReplayed() + " events and switched over"
                + (result.checksumBefore().equals(result.checksumAfter()) ? " (same checksum as before: "
                : " (checksum was " + result.checksumBefore() + ", now ") + result.checksumAfter() + ")");
        return OK;
    }

    private int checksum(MongoDatabase database) {
        ProjectionChecksums checksums = new ProjectionChecksums(database);
        checksums.all().forEach((projection, checksum) -> out.println(checksum + "  " + projection));
        return OK;
    }
}
