package io.metadiv.security;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key as stored and listed: everything but the key itself, which is shown once, when it is created.
 *
 * @param id the key's id (what {@code DELETE /api/v1/keys/{id}} takes)
 * @param name who or what uses it
 * @param role what it may do
 * @param prefix its first characters, to recognise it
 * @param createdAt creation time
 * @param revokedAt when it was revoked, or null while it is valid
 * @param lastUsedAt its last authenticated request (to the minute), or null
 */
@Schema(description = "An API key, without its secret")
public record ApiKey(UUID id, @Schema(example = "grafana") String name, KeyRole role,
        @Schema(example = "mdk_Qx3v9Lb2") String prefix, Instant createdAt, Instant revokedAt, Instant lastUsedAt) {

    /** Not revoked. */
    public boolean active() {
        return revokedAt == null;
    }
}
