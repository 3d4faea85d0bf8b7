package io.arrears.infra.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.eventstore.Anchor;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.GlobalChain;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Date;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_TYPE;
import static io.arrears.infra.eventstore.CommitSchema.COMMITTED_AT;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.KEY_ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_POSITION;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
import static io.arrears.infra.eventstore.CommitSchema.TOMBSTONE;

/**
 * The trail as JSON Lines that verify offline ({@link JsonLinesCheck}, {@code audit verify --input}).
 * Each commit is a line ({@code "kind": "commit"}: every field its MAC covers) followed by its
 * events, one a line as before (with everything their hashes cover). An export of a position range
 * also carries the global chain's batches, each after the commits it covers, and the anchors within
 * the range. The last line ({@code "kind": "end"}) gives the range and the counts under a MAC, so
 * an export cut short or thinned out does not verify.
 */
public final class JsonLinesExport {

    static final String KIND = "kind";
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final Writer out;
    private final AuditKeyring keyring;
    private final MongoCollection<Document> batches;
    private final boolean withChain;
    private Document batch;
    private long commits;
    private long events;

    /** @param withChain whether to write the chain's batches (a range export) or not (one account's) */
    JsonLinesExport(Writer out, AuditKeyring keyring, MongoDatabase database, boolean withChain) {
        this.out = out;
        this.keyring = keyring;
        this.batches = database.getCollection(GlobalChain.BATCHES);
        this.withChain = withChain;
    }

    /** The commit's line, its events' lines from..to, and the chain's batch once its last commit is written. */
    void commit(Document commit, long fromPosition, long toPosition) {
        Document line = new Document(KIND, "commit").append("position", commit.get(ID))
                .append(LAST_POSITION, commit.get(LAST_POSITION)).append(AGGREGATE_ID, commit.get(AGGREGATE_ID))
                .append(AGGREGATE_TYPE, commit.get(AGGREGATE_TYPE)).append(FIRST_SEQUENCE, commit.get(FIRST_SEQUENCE))
                .append(LAST_SEQUENCE, commit.get(LAST_SEQUENCE))
                .append(COMMITTED_AT, ((Date) commit.get(COMMITTED_AT)).getTime())
                .append(TOMBSTONE, commit.getBoolean(TOMBSTONE, false));
        if (commit.getString(KEY_ID) != null) {
            line.append(KEY_ID, commit.getString(KEY_ID)).append(MAC, commit.getString(MAC));
        }
        write(line);
        commits++;
        AuditTrailReader.entries(commit, fromPosition, toPosition, entry -> {
            writeLine(TrailExport.jsonLine(entry));
            events++;
        });
        if (withChain) {
            chainAfter(commit);
        }
    }

    /** The chain's batch whose last commit this is, once every commit it covers is written. */
    private void chainAfter(Document commit) {
        long position = commit.getLong(ID);
        if (batch == null) {
            // The batch holding the first exported position: the newest starting at or before it.
            batch = batches.find(lte(ID, position)).sort(new Document(ID, -1)).first();
        }
        if (batch != null && batch.getLong(GlobalChain.LAST) < position) {
            batch = batches.find(eq(ID, batch.getLong(GlobalChain.LAST) + 1)).first();
        }
        if (batch != null && batch.getLong(GlobalChain.LAST) == commit.getLong(LAST_POSITION)) {
            write(new Document(KIND, "chain").append("batch", batch));
        }
    }

    void anchors(List<Anchor> anchors, long fromPosition, long toPosition) {
        for (Anchor anchor : anchors) {
            if (anchor.position() >= fromPosition && anchor.position() <= toPosition) {
                write(new Document(KIND, "anchor").append("anchor", anchor.toDocument()));
            }
        }
    }

    /** The closing line: what was exported, MACed, so that a shortened or thinned export does not verify. */
    void end(String accountId, long fromPosition, long toPosition) {
        String keyId = keyring.currentId();
        write(new Document(KIND, "end").append("accountId", accountId).append("fromPosition", fromPosition)
                .append("toPosition", toPosition).append("commits", commits).append("events", events)
                .append(KEY_ID, keyId).append(MAC, endMac(keyring, keyId, accountId, fromPosition, toPosition,
                        commits, events)));
    }

    static String endMac(AuditKeyring keyring, String keyId, String accountId, long fromPosition, long toPosition,
                         long commits, long events) {
        return keyring.hmacHex(keyId, "arrears-export-end-v1\n" + accountId + "\n" + fromPosition + " " + toPosition
                + "\n" + commits + " " + events + "\n");
    }

    long events() {
        return events;
    }

    private void write(Document line) {
        writeLine(line.toJson(RELAXED));
    }

    private void writeLine(String line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the whole export of an account or a range, with the anchors given, to {@code out}. */
    public static long write(Writer out, AuditKeyring keyring, MongoDatabase database, AuditTrailReader reader,
                             String accountId, long fromPosition, long toPosition, List<Anchor> anchors) {
        JsonLinesExport export = new JsonLinesExport(out, keyring, database, accountId == null);
        if (accountId != null) {
            if (!reader.accountCommits(accountId, commit -> export.commit(commit, Long.MIN_VALUE, Long.MAX_VALUE))) {
                throw new io.arrears.kernel.rejection.UnknownAccount(accountId);
            }
        } else {
            reader.rangeCommits(fromPosition, toPosition, commit -> export.commit(commit, fromPosition, toPosition));
            export.anchors(anchors, fromPosition, toPosition);
        }
        export.end(accountId, fromPosition, toPosition);
        return export.events();
    }
}
