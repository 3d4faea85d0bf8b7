package io.arrears.infra.security;

import io.arrears.kernel.audit.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Set;

/**
 * The API keys the ledger accepts, from configuration only, each stored as the SHA-256 hex of the
 * key: {@code arrears.security.api-keys[0].id=payment-gateway}, {@code ...sha256=<hex>},
 * {@code ...roles=SERVICE}, and {@code ...acts-for-people=true} for a client through which people
 * act (a collector's desktop, a console), which alone may name them in {@code X-Actor-Id}. The id
 * names the client service in every event it causes.
 */
@ConfigurationProperties(prefix = "arrears.security")
public record ApiKeyProperties(List<ApiKey> apiKeys) {

    public ApiKeyProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    public record ApiKey(String id, String sha256, Set<Role> roles, boolean actsForPeople) {
    }
}
