package io.arrears.infra.eventstore;

import io.arrears.kernel.account.Identifiers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys the evidence is made with: HMAC-SHA-256 keys by id, none of them ever stored in the
 * database. The first key is the one new links, commits, snapshots and anchors are made with; the
 * others still verify what they made, so a key can rotate (add a new first key, keep the old ones
 * for as long as what they made must verify).
 *
 * <p>The text form is one key a line, {@code id=base64 of 32 or more random bytes}, with {@code #}
 * comments; it comes from a file or an environment variable, never from the store.
 */
public final class AuditKeyring {

    static final int KEY_BYTES_MIN = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final String currentId;
    private final Map<String, byte[]> keys;
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(LinkedHashMap::new);

    private AuditKeyring(Map<String, byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("an audit keyring holds at least one key");
        }
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.currentId = keys.keySet().iterator().next();
    }

    public static AuditKeyring parse(String text) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String entry : text.lines().filter(line -> !line.strip().startsWith("#"))
                .flatMap(line -> java.util.Arrays.stream(line.split(","))).toList()) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals < 1 || equals == trimmed.length() - 1 || trimmed.charAt(equals + 1) == '=') {
                throw new IllegalArgumentException("an audit key is 'id=base64', not '" + redact(trimmed) + "'");
            }
            String id = trimmed.substring(0, equals);
            if (!Identifiers.isValid(id)) {
                throw new IllegalArgumentException("audit key id '" + id + "' " + Identifiers.RULE);
            }
            byte[] secret;
            try {
                secret = Base64.getDecoder().decode(trimmed.substring(equals + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("audit key " + id + " is not base64");
            }
            if (secret.length < KEY_BYTES_MIN) {
                throw new IllegalArgumentException("audit key " + id + " has " + secret.length + " bytes; at least "
                        + KEY_BYTES_MIN + " are needed");
            }
            if (keys.put(id, secret) != null) {
                throw new IllegalArgumentException("audit key id " + id + " appears twice");
            }
        }
        return new AuditKeyring(keys);
    }

    /** A keyring of one fresh random key. */
    public static AuditKeyring generate(String id) {
        byte[] secret = new byte[KEY_BYTES_MIN];
        new SecureRandom().nextBytes(secret);
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put(id, secret);
        return new AuditKeyring(keys);
    }

    public static AuditKeyring load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit keys in " + file, e);
        }
    }

    /** The keyring in {@code file}, made there with one fresh key if the file does not exist. */
    public static AuditKeyring loadOrCreate(Path file, String idOfNewKey) {
        if (Files.exists(file)) {
            return load(file);
        }
        AuditKeyring fresh = generate(idOfNewKey);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, fresh.text(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit keys to " + file, e);
        }
        return fresh;
    }

    /** The text form, for a key file: the current key first. */
    public String text() {
        StringBuilder text = new StringBuilder("# Arrears audit keys (HMAC-SHA-256): the first makes new evidence, "
                + "all verify.\n");
        keys.forEach((id, secret) -> text.append(id).append('=').append(Base64.getEncoder().encodeToString(secret))
                .append('\n'));
        return text.toString();
    }

    public String currentId() {
        return currentId;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    public boolean knows(String keyId) {
        return keyId != null && keys.containsKey(keyId);
    }

    /** HMAC-SHA-256 of the parts, in order, under the key {@code keyId}, as 64 hex digits. */
    public String hmacHex(String keyId, String... parts) {
        Mac mac = mac(keyId);
        for (String part : parts) {
            mac.update(part.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** A Mac of this thread under {@code keyId}, reset; for callers that feed it themselves. */
    Mac mac(String keyId) {
        Mac mac = macs.get().get(keyId);
        if (mac == null) {
            byte[] secret = keys.get(keyId);
            if (secret == null) {
                throw new IllegalArgumentException("no audit key " + keyId + " in the keyring");
            }
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(secret, ALGORITHM));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
            }
            macs.get().put(keyId, mac);
        }
        mac.reset();
        return mac;
    }

    private static String redact(String line) {
        return line.length() <= 8 ? line : line.substring(0, 8) + "…";
    }
}
