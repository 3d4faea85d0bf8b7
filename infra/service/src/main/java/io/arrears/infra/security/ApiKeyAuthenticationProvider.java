package io.arrears.infra.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Authenticates a presented API key by looking its SHA-256 up among the configured keys. */
public final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys apiKeys;

    public ApiKeyAuthenticationProvider(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String key = ((ApiKeyAuthentication) authentication).getCredentials();
        return apiKeys.authenticate(key).map(ApiKeyAuthentication::of)
                .orElseThrow(() -> new BadCredentialsException("unknown API key"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
