package io.metadiv.security;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Arrays;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a key may do. Each role includes the ones before it: an operator may read, an admin may do everything.
 */
@Schema(description = "READER: GET and HEAD only (dashboards, report pages). OPERATOR: also uploads, experiments, "
        + "studies, scores, plans and cancels (every POST). ADMIN: also deletes and the keys themselves.")
public enum KeyRole {
    /** GET and HEAD. */
    READER,
    /** Every change but deletes and keys. */
    OPERATOR,
    /** Everything. */
    ADMIN;

    /** Whether a key with this role may do what {@code required} may. */
    public boolean includes(KeyRole required) {
        return compareTo(required) >= 0;
    }

    /** {@code ROLE_READER}, … up to this role: what Spring Security's {@code isUserInRole} sees. */
    List<GrantedAuthority> authorities() {
        return Arrays.stream(values()).filter(this::includes)
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList();
    }
}
