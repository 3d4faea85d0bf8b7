package io.arrears.infra.security;

import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.audit.Role;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Looks a presented key up by its SHA-256, so no key is ever held in clear. */
public final class ApiKeys {

    static final int KEY_LENGTH_MAX = 512;

    /** A development key of API.md, accepted only on the embedded default. */
    public record DevelopmentKey(String key, Set<Role> roles, boolean actsForPeople) {
    }

    /**
     * The collector's and the supervisor's keys stand for desktops through which people act, so they
     * may name them; the service, the auditor and metrics act as themselves.
     */
    public static final List<DevelopmentKey> DEVELOPMENT_KEYS = List.of(
            new DevelopmentKey("dev-service-key", EnumSet.of(Role.SERVICE), false),
            new DevelopmentKey("dev-collector-key", EnumSet.of(Role.COLLECTOR), true),
            new DevelopmentKey("dev-supervisor-key", EnumSet.of(Role.SUPERVISOR, Role.COLLECTOR), true),
            new DevelopmentKey("dev-auditor-key", EnumSet.of(Role.AUDITOR), false),
            new DevelopmentKey("dev-metrics-key", EnumSet.of(Role.METRICS), false));

    /** @param actsForPeople whether requests with this key may name the person acting ({@code X-Actor-Id}) */
    public record Client(String id, Set<Role> roles, boolean actsForPeople) {

        public Client {
            roles = Set.copyOf(roles);
        }
    }

    private final Map<String, Client> bySha256;

    public ApiKeys(List<ApiKeyProperties.ApiKey> configured, boolean withDevelopmentKeys) {
        Map<String, Client> keys = new HashMap<>();
        for (ApiKeyProperties.ApiKey key : configured) {
            if (key.id() == null || key.sha256() == null || key.roles() == null || key.roles().isEmpty()) {
                throw new IllegalArgumentException("every configured API key needs an id, a sha256 and roles");
            }
            if (!Identifiers.isValid(key.id())) {
                throw new IllegalArgumentException("API key id '" + key.id() + "' " + Identifiers.RULE);
            }
            if (!key.sha256().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("API key " + key.id() + ": sha256 must be 64 hex digits");
            }
            if (keys.put(key.sha256().toLowerCase(), new Client(key.id(), key.roles(), key.actsForPeople())) != null) {
                throw new IllegalArgumentException("API key " + key.id() + " has the hash of another key");
            }
        }
        if (withDevelopmentKeys) {
            DEVELOPMENT_KEYS.forEach(dev ->
                    keys.put(sha256(dev.key()), new Client(dev.key(), dev.roles(), dev.actsForPeople())));
        }
        this.bySha256 = Map.copyOf(keys);
    }

    public Optional<Client> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > KEY_LENGTH_MAX) {
            return Optional.empty();
        }
        return Optional.ofNullable(bySha256.get(sha256(presentedKey)));
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
