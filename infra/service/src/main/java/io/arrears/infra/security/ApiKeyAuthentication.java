package io.arrears.infra.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * An {@code X-Api-Key} as presented (not yet authenticated: the key is the credential), or the
 * client it belongs to (authenticated: the client is the principal, each of its roles an authority
 * {@code ROLE_<role>}, and the key is no longer held).
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String presentedKey;
    private final ApiKeys.Client client;

    private ApiKeyAuthentication(String presentedKey, ApiKeys.Client client) {
        super(client == null ? List.of() : client.roles().stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList());
        this.presentedKey = presentedKey;
        this.client = client;
        super.setAuthenticated(client != null);
    }

    static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(key, null);
    }

    static ApiKeyAuthentication of(ApiKeys.Client client) {
        return new ApiKeyAuthentication(null, client);
    }

    /** The authenticated client; null while the key is only presented. */
    public ApiKeys.Client client() {
        return client;
    }

    @Override
    public String getCredentials() {
        return presentedKey;
    }

    @Override
    public Object getPrincipal() {
        return client;
    }

    @Override
    public String getName() {
        return client == null ? "" : client.id();
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("only the provider authenticates a key");
        }
        super.setAuthenticated(false);
    }
}
