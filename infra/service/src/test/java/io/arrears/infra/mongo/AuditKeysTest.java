package io.arrears.infra.mongo;

import io.arrears.infra.eventstore.AuditKeyring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Audit keys: read from their text, rotated by putting a new key first, never taken from the store. */
class AuditKeysTest {

    private static String key(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void theFirstKeyMakesNewEvidenceAndEveryKeyVerifies() {
        AuditKeyring rotated = AuditKeyring.parse("# rotated on 2027-01-01\nk-2027=" + key(2) + "\nk-2026=" + key(1));
        AuditKeyring old = AuditKeyring.parse("k-2026=" + key(1));
        assertThat(rotated.currentId()).isEqualTo("k-2027");
        assertThat(rotated.hmacHex("k-2026", "a", "b")).isEqualTo(old.hmacHex("k-2026", "a", "b"))
                .isNotEqualTo(rotated.hmacHex("k-2027", "a", "b")).hasSize(64);
        // The parts are fed in order: ("a", "b") is the bytes "ab", as one part would be.
        assertThat(old.hmacHex("k-2026", "ab")).isEqualTo(old.hmacHex("k-2026", "a", "b"));
        assertThat(AuditKeyring.parse("k-2027=" + key(2) + ", k-2026=" + key(1)).ids())
                .containsExactly("k-2027", "k-2026");
        assertThat(AuditKeyring.parse(rotated.text()).hmacHex("k-2027", "x")).isEqualTo(rotated.hmacHex("k-2027", "x"));
    }

    @Test
    void aKeyringSaysWhatIsWrongWithoutShowingAKey() {
        assertThatThrownBy(() -> AuditKeyring.parse("")).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> AuditKeyring.parse("short=" + Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> AuditKeyring.parse("k=" + key(1) + "\nk=" + key(2))).hasMessageContaining("twice");
        assertThatThrownBy(() -> AuditKeyring.parse("k=not base64!")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> AuditKeyring.parse(key(1))).hasMessageContaining("id=base64")
                .hasMessageNotContaining(key(1));
        assertThatThrownBy(() -> AuditKeyring.parse("k=" + key(1)).hmacHex("other", "x"))
                .hasMessageContaining("no audit key other");
    }

    @Test
    void theEmbeddedDefaultMakesADevelopmentKeyOnceAndAReplicaSetNeedsOneConfigured(@TempDir Path dataDir) {
        StoreProperties embedded = new StoreProperties(null, dataDir, "h2", null, Duration.ofSeconds(5), null);
        AuditKeyring made = AuditKeys.forLedger(null, null, embedded);
        assertThat(Files.exists(dataDir.resolve(AuditKeys.FILE_NAME))).isTrue();
        assertThat(AuditKeys.forLedger(null, null, embedded).hmacHex(made.currentId(), "x"))
                .isEqualTo(made.hmacHex(made.currentId(), "x"));
        assertThat(AuditKeys.forAuditor(Map.of(), dataDir)).hasValueSatisfying(
                keyring -> assertThat(keyring.currentId()).isEqualTo(made.currentId()));

        StoreProperties replicaSet = new StoreProperties("mongodb://db/arrears", dataDir, "h2", null,
                Duration.ofSeconds(5), null);
        assertThatThrownBy(() -> AuditKeys.forLedger(null, null, replicaSet))
                .hasMessageContaining(AuditKeys.KEYS_VARIABLE);
        assertThat(AuditKeys.forLedger("prod-1=" + key(7), null, replicaSet).currentId()).isEqualTo("prod-1");
        assertThat(AuditKeys.forAuditor(Map.of(AuditKeys.KEYS_VARIABLE, "prod-1=" + key(7)), dataDir)
                .orElseThrow().currentId()).isEqualTo("prod-1");
    }
}
