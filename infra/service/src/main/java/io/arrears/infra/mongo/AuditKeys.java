package io.arrears.infra.mongo;

import io.arrears.infra.eventstore.AuditKeyring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Where the audit keys come from, for the ledger and for the auditor's command line alike:
 * {@code ARREARS_AUDIT_KEYS} (the keyring's text, {@code id=base64} lines or comma-separated), else
 * {@code ARREARS_AUDIT_KEYS_FILE} (a file holding it), else, on the embedded default only, a
 * development keyring in the data directory, made on first start with a warning. Never the store:
 * whoever can write the database must not hold the key. A ledger on a replica set without keys
 * does not start.
 */
public final class AuditKeys {

    public static final String FILE_NAME = "audit-keys";
    public static final String KEYS_VARIABLE = "ARREARS_AUDIT_KEYS";
    public static final String FILE_VARIABLE = "ARREARS_AUDIT_KEYS_FILE";
    private static final Logger log = LoggerFactory.getLogger(AuditKeys.class);

    private AuditKeys() {
    }

    /** The ledger's keyring from its settings ({@code arrears.audit.keys}, {@code arrears.audit.keys-file}). */
    public static AuditKeyring forLedger(String keysText, String keysFile, StoreProperties store) {
        Optional<AuditKeyring> configured = configured(keysText, keysFile);
        if (configured.isPresent()) {
            return configured.get();
        }
        if (!store.embedded()) {
            throw new IllegalStateException("audit keys are required on a replica set: set " + KEYS_VARIABLE
                    + " or " + FILE_VARIABLE + " (never in the database)");
        }
        if ("memory".equals(store.embeddedBackend())) {
            return AuditKeyring.generate("memory-" + LocalDate.now());
        }
        Path file = store.dataDir().resolve(FILE_NAME);
        boolean made = !Files.exists(file);
        AuditKeyring keyring = AuditKeyring.loadOrCreate(file, "dev-" + LocalDate.now());
        log.warn("Embedded default: the audit key{} {} {} in {}. Whoever can read that file can rewrite history "
                        + "undetected; in production set {} or {} from a secret store.",
                made ? "" : "s", keyring.ids(), made ? "was made" : "are read", file.toAbsolutePath(),
                KEYS_VARIABLE, FILE_VARIABLE);
        return keyring;
    }

    /** The auditor's keyring: the same settings from the environment; none if nothing gives one. */
    public static Optional<AuditKeyring> forAuditor(Map<String, String> environment, Path dataDir) {
        Optional<AuditKeyring> configured = configured(environment.get(KEYS_VARIABLE), environment.get(FILE_VARIABLE));
        if (configured.isPresent()) {
            return configured;
        }
        Path file = dataDir.resolve(FILE_NAME);
        return Files.exists(file) ? Optional.of(AuditKeyring.load(file)) : Optional.empty();
    }

    private static Optional<AuditKeyring> configured(String keysText, String keysFile) {
        if (keysText != null && !keysText.isBlank()) {
            return Optional.of(AuditKeyring.parse(keysText));
        }
        if (keysFile != null && !keysFile.isBlank()) {
            return Optional.of(AuditKeyring.load(Path.of(keysFile)));
        }
        return Optional.empty();
    }
}
