package io.metadiv.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API keys over HTTP, for admin keys only; the work happens in {@link ApiKeys}. */
@RestController
@RequestMapping(ApiKeyController.PATH)
@Tag(name = "API keys", description = "Who may call the API and with which role (ADMIN keys only)")
class ApiKeyController {

    static final String PATH = "/api/v1/keys";

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createApiKey", summary = "Create an API key; its secret is in this response only",
            description = "The key is shown once: only its SHA-256 is stored. Send it as `Authorization: Bearer "
                    + "<key>` or `X-API-Key: <key>`.")
    @ApiResponse(responseCode = "201", description = "Created; `key` is the secret. Location points to the key",
            headers = @Header(name = "Location", description = "/api/v1/keys/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "No name, a name over 100 characters, or no role",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<NewApiKey> create(@Valid @RequestBody ApiKeyRequest request) {
        NewApiKey created = keys.create(request.name().strip(), request.role());
        return ResponseEntity.created(URI.create(PATH + "/" + created.id())).body(created);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listApiKeys", summary = "List API keys (never their secrets), newest first",
            description = "Revoked keys are listed too, with `revokedAt`.")
    @ApiResponse(responseCode = "200", description = "The keys")
    List<ApiKey> list() {
        return keys.list();
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key",
            description = "Its next request answers 401. The key stays listed, with `revokedAt`; revoking it again "
                    + "changes nothing.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "404", description = "No such key", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The last valid ADMIN key: create another one first",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        keys.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
