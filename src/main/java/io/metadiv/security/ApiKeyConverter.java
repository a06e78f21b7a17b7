package io.metadiv.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a request's key from {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}; null when it has
 * neither (the request goes on unauthenticated, and a rule that needs a key answers 401).
 */
final class ApiKeyConverter implements AuthenticationConverter {

    /** The header a client without bearer support (or a proxy in front of a browser) sends the key in. */
    static final String HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : null;
        String header = request.getHeader(HEADER);
        header = header == null ? null : header.strip();
        if (bearer == null && header == null) {
            return null;
        }
        if (bearer != null && header != null && !bearer.equals(header)) {
            throw new BadCredentialsException("Authorization: Bearer and " + HEADER + " carry different keys: send one");
        }
        String key = bearer != null ? bearer : header;
        if (key.isEmpty()) {
            throw new BadCredentialsException("The API key is empty");
        }
        return ApiKeyAuthentication.presented(key);
    }
}
