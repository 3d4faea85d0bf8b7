package io.arrears.infra.audit;

import io.arrears.infra.eventstore.EventHashes;
import io.arrears.kernel.audit.AuditMetadata;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes the trail as JSON Lines (one event a line, with everything its hash covers, so the file
 * can be verified offline: {@link #verifyJsonLines}) or as CSV for a spreadsheet (the payload and
 * metadata as JSON in their cells).
 */
public final class TrailExport {

    public enum Format { JSONL, CSV }

    static final List<String> CSV_COLUMNS = List.of("position", "accountId", "sequence", "eventId", "type",
            "revision", "recordedAt", "actorId", "actorRole", "clientId", "correlationId", "causationId",
            "payload", "metadata", "prevHash", "hash");
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private TrailExport() {
    }

    /** A sink that writes each entry in {@code format}; call {@link #header} first for CSV. */
    public static Consumer<AuditTrailReader.Entry> writer(Format format, Writer out) {
        return entry -> {
            try {
                out.write(format == Format.JSONL ? jsonLine(entry) : csvLine(entry));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    public static void header(Format format, Writer out) throws IOException {
        if (format == Format.CSV) {
            out.write(String.join(",", CSV_COLUMNS));
            out.write('\n');
        }
    }

    static String jsonLine(AuditTrailReader.Entry entry) {
        return new Document("position", entry.position())
                .append("accountId", entry.accountId())
                .append("sequence", entry.sequence())
                .append("eventId", entry.eventId())
                .append("type", entry.type())
                .append("revision", entry.revision())
                .append("recordedAt", entry.recordedAt())
                .append("payload", entry.payload())
                .append("metadata", entry.metadata())
                .append("prevHash", entry.prevHash())
                .append("hash", entry.hash())
                .toJson(RELAXED);
    }

    static String csvLine(AuditTrailReader.Entry entry) {
        List<String> cells = List.of(String.valueOf(entry.position()), entry.accountId(),
                String.valueOf(entry.sequence()), entry.eventId(), entry.typeName(), String.valueOf(entry.revision()),
                entry.recordedAt(), text(entry.metadata(AuditMetadata.ACTOR_ID)),
                text(entry.metadata(AuditMetadata.ACTOR_ROLE)), text(entry.metadata(AuditMetadata.CLIENT_ID)),
                text(entry.metadata(AuditMetadata.CORRELATION_ID)), text(entry.metadata(AuditMetadata.CAUSATION_ID)),
                entry.payload().toJson(RELAXED), entry.metadata().toJson(RELAXED), entry.prevHash(), entry.hash());
        StringBuilder line = new StringBuilder();
        for (String cell : cells) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            line.append(csvCell(cell));
        }
        return line.toString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
    static String csvCell(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** The result of checking an exported file's chains without the store. */
    public record OfflineResult(boolean ok, long eventsChecked, long accounts, String problem) {
    }

    /**
     * Recomputes each account's chain in a JSON Lines export: every event's hash from its content and
     * the hash before it. An account whose first exported event is not its first (a range export) is
     * anchored at that event's prevHash.
     */
    public static OfflineResult verifyJsonLines(BufferedReader lines) throws IOException {
        Map<String, String> lastHash = new HashMap<>();
        Map<String, Long> lastSequence = new HashMap<>();
        long events = 0;
        String line;
        long lineNumber = 0;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            Document event = Document.parse(line);
            String account = event.getString("accountId");
            long sequence = ((Number) event.get("sequence")).longValue();
            Long previous = lastSequence.get(account);
            String expectedPrevious = previous == null
                    ? (sequence == 0 ? EventHashes.GENESIS : event.getString("prevHash")) : lastHash.get(account);
            if (previous != null && sequence != previous + 1) {
                return new OfflineResult(false, events, lastHash.size(), "line " + lineNumber + ": account " + account
                        + " sequence " + sequence + " follows " + previous);
            }
            if (!expectedPrevious.equals(event.getString("prevHash"))) {
                return new OfflineResult(false, events, lastHash.size(), "line " + lineNumber + ": account " + account
                        + " sequence " + sequence + ": prevHash is not the hash of the event before");
            }
            Document content = EventHashes.canonicalContent(account, sequence, event.getString("eventId"),
                    event.getString("type"), event.getString("revision"), event.getString("recordedAt"),
                    event.get("payload", Document.class), event.get("metadata", Document.class));
            String hash = EventHashes.hash(expectedPrevious, content);
            if (!hash.equals(event.getString("hash"))) {
                return new OfflineResult(false, events, lastHash.size(), "line " + lineNumber + ": account " + account
                        + " sequence " + sequence + ": the content does not give the stored hash (edited)");
            }
            lastHash.put(account, hash);
            lastSequence.put(account, sequence);
            events++;
        }
        return new OfflineResult(true, events, lastHash.size(), null);
    }
}
