package io.metadiv.security;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * A key just created, with its secret: the only time the key leaves the service.
 *
 * @param id the key's id
 * @param name who or what uses it
 * @param role what it may do
 * @param prefix its first characters
 * @param createdAt creation time
 * @param key the key: send it as {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}
 */
@Schema(description = "A new API key with its secret, shown only in this response: store it now")
public record NewApiKey(UUID id, String name, KeyRole role, String prefix, Instant createdAt,
        @Schema(description = "The key; it cannot be shown again", example = "mdk_Qx3v9Lb2…") String key) {

    /** Without the secret: Spring MVC logs response bodies at DEBUG through toString. */
    @Override
    public String toString() {
        return "NewApiKey[id=" + id + ", name=" + name + ", role=" + role + ", prefix=" + prefix + ", key=(secret)]";
    }
}
