package io.arrears.infra.security;

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

    /** The development keys of API.md, accepted only on the embedded default. */
    public static final Map<String, Set<Role>> DEVELOPMENT_KEYS = Map.of(
            "dev-service-key", EnumSet.of(Role.SERVICE),
            "dev-collector-key", EnumSet.of(Role.COLLECTOR),
            "dev-supervisor-key", EnumSet.of(Role.SUPERVISOR, Role.COLLECTOR),
            "dev-auditor-key", EnumSet.of(Role.AUDITOR));

    public record Client(String id, Set<Role> roles) {
    }

    private final Map<String, Client> bySha256;

    public ApiKeys(List<ApiKeyProperties.ApiKey> configured, boolean withDevelopmentKeys) {
        Map<String, Client> keys = new HashMap<>();
        for (ApiKeyProperties.ApiKey key : configured) {
            if (key.id() == null || key.sha256() == null || key.roles() == null || key.roles().isEmpty()) {
                throw new IllegalArgumentException("every configured API key needs an id, a sha256 and roles");
            }
            keys.put(key.sha256().toLowerCase(), new Client(key.id(), EnumSet.copyOf(key.roles())));
        }
        if (withDevelopmentKeys) {
            DEVELOPMENT_KEYS.forEach((key, roles) -> keys.put(sha256(key), new Client(key, roles)));
        }
        this.bySha256 = Map.copyOf(keys);
    }

    public Optional<Client> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 512) {
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
