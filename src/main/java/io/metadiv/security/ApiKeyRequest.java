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
        @Schema(example = "grafana", requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @Size(max = 100)
        String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNull KeyRole role) {
}
