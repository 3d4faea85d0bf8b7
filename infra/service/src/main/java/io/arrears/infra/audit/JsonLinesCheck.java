package io.arrears.infra.audit;

import io.arrears.infra.eventstore.Anchor;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.CommitMacs;
import io.arrears.infra.eventstore.EventHashes;
import io.arrears.infra.eventstore.GlobalChain;
import org.bson.Document;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_TYPE;
import static io.arrears.infra.eventstore.CommitSchema.COMMITTED_AT;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.HASH;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.KEY_ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_POSITION;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
import static io.arrears.infra.eventstore.CommitSchema.POSITION;
import static io.arrears.infra.eventstore.CommitSchema.PREV_HASH;
import static io.arrears.infra.eventstore.CommitSchema.SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.TOMBSTONE;

/**
 * Checks a JSON Lines export ({@link JsonLinesExport}) without the store, with the audit keys: each
 * event's hash and its link to the account's event before, each commit's MAC over its fields and
 * its events, the global chain's batches over the commits they cover, the anchors against the
 * chain, and the closing line's counts. Memory holds one batch's commits and each account's last
 * hash.
 */
public final class JsonLinesCheck {

    /** The result of checking an export; {@code problem} names the line and what is wrong. */
    public record Result(boolean ok, long eventsChecked, long accounts, String problem) {
    }

    private final AuditKeyring keyring;
    private final Map<String, String> lastHash = new HashMap<>();
    private final Map<String, Long> lastSequence = new HashMap<>();
    /** Commits since the last chain batch: first position → digest, last position, tombstone. */
    private final Map<Long, Document> unchained = new LinkedHashMap<>();
    private final List<Anchor> anchors = new ArrayList<>();
    private final Map<Long, String> linkAt = new HashMap<>();
    private Document commit;
    private long firstExported = -1;
    private List<Document> commitEvents = new ArrayList<>();
    private long commits;
    private long events;
    private long lineNumber;

    private JsonLinesCheck(AuditKeyring keyring) {
        this.keyring = keyring;
    }

    /** @param keyring the audit keys; without them only what predates the seal can be checked */
    public static Result check(BufferedReader lines, AuditKeyring keyring) throws IOException {
        return new JsonLinesCheck(keyring).run(lines);
    }

    private Result run(BufferedReader lines) throws IOException {
        String line;
        Document end = null;
        try {
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                if (end != null) {
                    throw problem("a line after the closing line");
                }
                Document document = Document.parse(line);
                switch (document.getString(JsonLinesExport.KIND) == null ? "event"
                        : document.getString(JsonLinesExport.KIND)) {
                    case "event" -> event(document);
                    case "commit" -> commit(document);
                    case "chain" -> chain(document.get("batch", Document.class));
                    case "anchor" -> anchors.add(Anchor.fromDocument(document.get("anchor", Document.class)));
                    case "end" -> end = document;
                    default -> throw problem("a line of an unknown kind");
                }
            }
            closeCommit();
            if (end == null) {
                throw problem("no closing line: the export was cut short");
            }
            closing(end);
            for (Anchor anchor : anchors) {
                checkAnchor(anchor);
            }
        } catch (Problem e) {
            return new Result(false, events, lastHash.size(), e.getMessage());
        }
        return new Result(true, events, lastHash.size(), null);
    }

    private void commit(Document line) {
        closeCommit();
        commit = line;
        if (commits++ == 0) {
            firstExported = number(line, "position");
        }
    }

    private void event(Document event) {
        String account = event.getString("accountId");
        long sequence = ((Number) event.get("sequence")).longValue();
        if (commit == null || !account.equals(commit.getString(AGGREGATE_ID))) {
            throw problem("account " + account + " sequence " + sequence + " is not inside its commit's lines");
        }
        Long previous = lastSequence.get(account);
        String expectedPrevious = previous == null
                ? (sequence == 0 ? EventHashes.GENESIS : event.getString("prevHash")) : lastHash.get(account);
        if (previous != null && sequence != previous + 1) {
            throw problem("account " + account + " sequence " + sequence + " follows " + previous);
        }
        if (!expectedPrevious.equals(event.getString("prevHash"))) {
            throw problem("account " + account + " sequence " + sequence + ": prevHash is not the hash of the event "
                    + "before");
        }
        String keyId = commit.getString(KEY_ID);
        needKey(keyId);
        Document content = EventHashes.canonicalContent(account, sequence, event.getString("eventId"),
                event.getString("type"), event.getString("revision"), event.getString("recordedAt"),
                event.get("payload", Document.class), event.get("metadata", Document.class));
        String hash = EventHashes.hash(keyring, keyId, expectedPrevious, content);
        if (!hash.equals(event.getString("hash"))) {
            throw problem("account " + account + " sequence " + sequence + ": the content does not give the stored "
                    + "hash (edited)");
        }
        lastHash.put(account, hash);
        lastSequence.put(account, sequence);
        commitEvents.add(new Document(POSITION, ((Number) event.get("position")).longValue())
                .append(SEQUENCE, sequence).append(PREV_HASH, event.getString("prevHash"))
                .append(HASH, event.getString("hash")));
        events++;
    }

    /** The commit as stored, rebuilt from its line and its events' lines; its MAC checked. */
    private void closeCommit() {
        if (commit == null) {
            return;
        }
        Document stored = new Document(ID, number(commit, "position"))
                .append(LAST_POSITION, number(commit, LAST_POSITION))
                .append(AGGREGATE_ID, commit.getString(AGGREGATE_ID))
                .append(AGGREGATE_TYPE, commit.getString(AGGREGATE_TYPE))
                .append(FIRST_SEQUENCE, number(commit, FIRST_SEQUENCE))
                .append(LAST_SEQUENCE, number(commit, LAST_SEQUENCE))
                .append(COMMITTED_AT, new Date(number(commit, COMMITTED_AT)))
                .append(EVENTS, commitEvents);
        if (commit.getBoolean(TOMBSTONE, false)) {
            stored.append(TOMBSTONE, true);
        }
        String keyId = commit.getString(KEY_ID);
        if (keyId != null) {
            needKey(keyId);
            stored.append(KEY_ID, keyId);
            if (!CommitMacs.of(keyring, keyId, stored).equals(commit.getString(MAC))) {
                throw problem("the commit at position " + stored.getLong(ID) + " does not give its MAC (edited, or "
                        + "events left out)");
            }
            stored.append(MAC, commit.getString(MAC));
        }
        unchained.put(stored.getLong(ID), new Document("last", stored.getLong(LAST_POSITION))
                .append("tombstone", commit.getBoolean(TOMBSTONE, false)).append("digest", CommitMacs.digest(stored)));
        commit = null;
        commitEvents = new ArrayList<>();
    }

    /** A batch of the global chain over the commits before it; entries before the export's first are taken as given. */
    private void chain(Document batch) {
        closeCommit();
        String keyId = batch.getString(KEY_ID);
        needKey(keyId);
        if (!GlobalChain.batchMac(keyring, keyId, batch).equals(batch.getString(MAC))) {
            throw problem("the global chain's batch from position " + batch.get(ID) + " does not verify");
        }
        String previous = batch.getString(GlobalChain.PREV);
        for (Document entry : batch.getList(GlobalChain.ENTRIES, Document.class)) {
            long first = number(entry, GlobalChain.FIRST_OF_ENTRY);
            Document exported = unchained.remove(first);
            if (exported != null) {
                String link = GlobalChain.link(keyring, keyId, previous, first, number(entry, GlobalChain.LAST_OF_ENTRY),
                        entry.getBoolean(GlobalChain.TOMBSTONE_OF_ENTRY), exported.getString("digest"));
                if (!link.equals(entry.getString(GlobalChain.LINK_OF_ENTRY))) {
                    throw problem("the commit at position " + first + " is not the one the global chain sealed");
                }
            } else if (commits > 0 && first > firstExported) {
                throw problem("the global chain holds a commit at position " + first + " that the export lacks");
            }
            previous = entry.getString(GlobalChain.LINK_OF_ENTRY);
            linkAt.put(number(entry, GlobalChain.LAST_OF_ENTRY), previous);
        }
        if (!unchained.isEmpty()) {
            throw problem("commits at " + unchained.keySet() + " are in the export but not in the chain's batch");
        }
    }

    private void closing(Document end) {
        String keyId = end.getString(KEY_ID);
        needKey(keyId);
        String accountId = end.getString("accountId");
        long from = number(end, "fromPosition");
        long to = number(end, "toPosition");
        if (!JsonLinesExport.endMac(keyring, keyId, accountId, from, to, commits, events).equals(end.getString(MAC))) {
            throw problem("the closing line does not verify or its counts (" + number(end, "commits") + " commits, "
                    + number(end, "events") + " events) are not the export's (" + commits + ", " + events + ")");
        }
    }

    private void checkAnchor(Anchor anchor) {
        if (!anchor.verifies(keyring)) {
            throw problem("anchor " + anchor.sequence() + " does not verify");
        }
        String link = linkAt.get(anchor.position());
        if (link != null && !link.equals(anchor.link())) {
            throw problem("anchor " + anchor.sequence() + " holds another history at position " + anchor.position());
        }
    }

    private void needKey(String keyId) {
        if (keyId != null && (keyring == null || !keyring.knows(keyId))) {
            throw problem("made with audit key " + keyId + ", which " + (keyring == null
                    ? "is needed to verify it (ARREARS_AUDIT_KEYS)" : "the keyring does not hold"));
        }
    }

    private static long number(Document document, String field) {
        return ((Number) document.get(field)).longValue();
    }

    private Problem problem(String message) {
        return new Problem("line " + lineNumber + ": " + message);
    }

    private static final class Problem extends RuntimeException {

        Problem(String message) {
            super(message, null, false, false);
        }
    }
}
