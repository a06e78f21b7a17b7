package io.metadiv.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The published API description. The server is relative so the generated document does not depend on the host
 * or port it was fetched from, which keeps {@code openapi.yaml} comparable byte for byte with the running service.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

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
                .servers(List.of(new Server().url("/").description("This service")));
    }
}
