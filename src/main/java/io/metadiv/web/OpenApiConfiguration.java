package io.metadiv.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The published API description. The server is relative so the generated document does not depend on the host
 * or port it was fetched from, which keeps {@code openapi.yaml} comparable byte for byte with the running service.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearerKey";
    private static final String HEADER = "apiKeyHeader";
    private static final String UNAUTHORIZED = "Unauthorized";
    private static final String FORBIDDEN = "Forbidden";

    @Bean
    OpenAPI metadivOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Metadiv API")
                        .version("v1")
                        .description("Upload few-shot image datasets, score their diversity coefficient (Task2Vec), "
                                + "train MAML and pre-training runs and relate accuracy to diversity. "
                                + "Errors are RFC 9457 problem details (application/problem+json).")
                        .license(new License().name("Proprietary").identifier("LicenseRef-Metadiv-Proprietary")))
                .servers(List.of(new Server().url("/").description("This service")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key as `Authorization: Bearer <key>`"))
                        .addSecuritySchemes(HEADER, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key")
                                .description("The same API key as `X-API-Key: <key>`"))
                        .addResponses(UNAUTHORIZED, problem("No API key, or one that is unknown or revoked"))
                        .addResponses(FORBIDDEN, problem("The API key's role is too weak: READER keys may GET and "
                                + "HEAD, OPERATOR keys also POST, ADMIN keys also DELETE and manage keys")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addSecurityItem(new SecurityRequirement().addList(HEADER));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
    }

    /**
     * Every operation needs a key (the service decides by method and path, see {@code security.AccessRules}), so
     * every one answers 401 without one and 403 for too weak a role.
     */
    @Bean
    OpenApiCustomizer keyResponses() {
        return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            operation.getResponses().putIfAbsent("401", new ApiResponse().$ref(UNAUTHORIZED));
            operation.getResponses().putIfAbsent("403", new ApiResponse().$ref(FORBIDDEN));
        }));
    }

    /**
     * The problem body as it is on the wire. Spring's {@code ProblemDetail} writes its extra properties at the top
     * level (a JSON any-getter), while the schema springdoc derives from the class nests them under
     * {@code properties}; generated clients then drop them. Every extra property any handler sets is listed here.
     */
    @Bean
    OpenApiCustomizer problemDetailSchema() {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            if (schemas == null || !schemas.containsKey("ProblemDetail")) {
                return;
            }
            schemas.put("ProblemFieldError", new ObjectSchema().description("One offending field")
                    .addProperty("field", new StringSchema().description("The field, e.g. ways or probe.jobId"))
                    .addProperty("message", new StringSchema().description("What is wrong and the allowed range")));
            schemas.put("ProblemDetail", new ObjectSchema()
                    .description("RFC 9457 problem details; the properties after `instance` appear where they apply")
                    .addProperty("type", new StringSchema().format("uri"))
                    .addProperty("title", new StringSchema())
                    .addProperty("status", new IntegerSchema())
                    .addProperty("detail", new StringSchema())
                    .addProperty("instance", new StringSchema().format("uri"))
                    .addProperty("timestamp", new DateTimeSchema().description("When the error was answered"))
                    .addProperty("field", new StringSchema().description("The (first) offending field or parameter"))
                    .addProperty("errors", new ArraySchema().description("Every offending field (400)")
                            .items(new Schema<>().$ref("#/components/schemas/ProblemFieldError")))
                    .addProperty("entry", new StringSchema().description("The archive entry at fault (422)"))
                    .addProperty("op", new StringSchema()
                            .description("The operation or pickled global a probe model was refused for (422)"))
                    .addProperty("references", new ArraySchema().items(new StringSchema())
                            .description("What still uses the resource (409)"))
                    .addProperty("datasetId", new UUIDSchema())
                    .addProperty("scoreId", new UUIDSchema())
                    .addProperty("experimentId", new UUIDSchema())
                    .addProperty("probeModelId", new UUIDSchema())
                    .addProperty("studyId", new UUIDSchema())
                    .addProperty("keyId", new UUIDSchema())
                    .addProperty("jobStatus", new StringSchema().description("The job's status (409)"))
                    .addProperty("queued", new IntegerSchema().format("int64")
                            .description("Jobs in the queue when it was full (503)"))
                    .addProperty("limit", new StringSchema().description("The limit per key a request hit: its "
                            + "setting, e.g. metadiv.limits.uploads-per-window (429)"))
                    .addProperty("value", new IntegerSchema().description("The limit's value (429)"))
                    .addProperty("windowSeconds", new IntegerSchema().format("int64")
                            .description("The upload rate's window (429)"))
                    .addProperty("active", new IntegerSchema().format("int64")
                            .description("The key's queued and running jobs (429)"))
                    .addProperty("requested", new IntegerSchema().format("int64")
                            .description("The jobs the request would queue (429)")));
        };
    }
}
