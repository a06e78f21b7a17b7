package io.metadiv.limits;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The 429s in the OpenAPI document, by the rules the service applies: every upload ({@link Uploads}: a POST under
 * /api/ with a file body) may hit the upload rate; every operation that queues jobs may hit the concurrent job limit,
 * and those are the ones that declare the 503 of a full job queue.
 */
@Configuration(proxyBeanMethods = false)
class LimitResponses {

    private static final String UPLOAD_RATE = "UploadRateLimited";
    private static final String JOB_LIMIT = "JobLimitReached";
    private static final String QUEUE_FULL = "503";

    @Bean
    OpenApiCustomizer limitProblems() {
        return openApi -> {
            openApi.getComponents()
                    .addResponses(UPLOAD_RATE, problem("This key started metadiv.limits.uploads-per-window uploads "
                            + "in the current window; nothing was read or stored. Retry after the Retry-After "
                            + "header's seconds"))
                    .addResponses(JOB_LIMIT, problem("The jobs this request queues would take the key over "
                            + "metadiv.limits.concurrent-jobs-per-key queued or running jobs; nothing was stored. "
                            + "Cancel jobs, or retry once some have finished"));
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (isUpload(path, method, operation)) {
                    operation.getResponses().putIfAbsent("429", new ApiResponse().$ref(UPLOAD_RATE));
                } else if (operation.getResponses() != null && operation.getResponses().containsKey(QUEUE_FULL)) {
                    operation.getResponses().putIfAbsent("429", new ApiResponse().$ref(JOB_LIMIT));
                }
            }));
        };
    }

    private static boolean isUpload(String path, PathItem.HttpMethod method, Operation operation) {
        Map<String, MediaType> body = operation.getRequestBody() == null ? null
                : operation.getRequestBody().getContent();
        return body != null && body.keySet().stream()
                .anyMatch(type -> Uploads.isUpload(method.name(), path, type));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description)
                .addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                        .schema(new IntegerSchema()))
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
    }
}
