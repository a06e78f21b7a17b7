package io.metadiv.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A caller: a key as presented (not yet checked), a checked key with its role, or, with keys disabled, the open
 * access every caller gets (as an admin).
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private static final String OPEN = "open access";

    private transient String presented;
    private final ApiKey key;
    private final KeyRole role;

    private ApiKeyAuthentication(String presented, ApiKey key, KeyRole role) {
        super(role == null ? List.of() : role.authorities());
        this.presented = presented;
        this.key = key;
        this.role = role;
        setAuthenticated(role != null);
    }

    /** A key from a request, to check. */
    static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(key, null, null);
    }

    /** A valid stored key. */
    static ApiKeyAuthentication of(ApiKey key) {
        return new ApiKeyAuthentication(null, key, key.role());
    }

    /** Keys disabled: anyone may do anything. */
    static ApiKeyAuthentication open() {
        return new ApiKeyAuthentication(null, null, KeyRole.ADMIN);
    }

    /** The role, or null for a key not yet checked. */
    KeyRole role() {
        return role;
    }

    /** The presented key, until it was checked. */
    @Override
    public Object getCredentials() {
        return presented;
    }

    /** The stored key (never its secret), or a word for open access. */
    @Override
    public Object getPrincipal() {
        return key != null ? key : OPEN;
    }

    @Override
    public String getName() {
        return key != null ? key.name() : role != null ? OPEN : "";
    }

    @Override
    public void eraseCredentials() {
        presented = null;
        super.eraseCredentials();
    }
}
