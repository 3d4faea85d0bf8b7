package io.arrears.infra.audit;

import io.arrears.kernel.audit.AuditMetadata;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Consumer;

/**
 * The trail's lines: an event as JSON (with everything its hash covers; {@link JsonLinesExport}
 * writes whole exports that verify offline) or as CSV for a spreadsheet (the payload and metadata
 * as JSON in their cells).
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
        Document line = new Document("position", entry.position())
                .append("accountId", entry.accountId())
                .append("sequence", entry.sequence())
                .append("eventId", entry.eventId())
                .append("type", entry.type())
                .append("revision", entry.revision())
                .append("recordedAt", entry.recordedAt())
                .append("payload", entry.payload())
                .append("metadata", entry.metadata())
                .append("prevHash", entry.prevHash())
                .append("hash", entry.hash());
        if (entry.keyId() != null) {
            line.append("keyId", entry.keyId());
        }
        return line.toJson(RELAXED);
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
}
