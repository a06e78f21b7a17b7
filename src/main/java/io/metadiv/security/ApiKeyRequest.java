package io.metadiv.security;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A key to create.
 *
 * @param name who or what will use it (1 to 100 characters)
 * @param role what it may do
 */
@Schema(description = "A key to create")
record ApiKeyRequest(
        @Schema(example = "grafana", requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank
        @Size(max = ApiKeyRequest.MAX_NAME_LENGTH) String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNull KeyRole role) {

    /** Longest name of a key (over HTTP and on the command line). */
    static final int MAX_NAME_LENGTH = 100;
}
