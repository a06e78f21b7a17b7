package io.metadiv.security;

import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Checks a presented key against the stored ones. The messages become the 401's detail: they never repeat the key.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;

    ApiKeyAuthenticationProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String presented = (String) authentication.getCredentials();
        ApiKey key;
        try {
            key = keys.find(presented).orElseThrow(() -> new BadCredentialsException("The API key is not valid"));
            if (!key.active()) {
                throw new BadCredentialsException("The API key was revoked at " + key.revokedAt());
            }
            keys.used(key);
        } catch (DataAccessException e) {
            throw new AuthenticationServiceException("API keys cannot be checked: the database is unavailable", e);
        }
        return ApiKeyAuthentication.of(key);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
