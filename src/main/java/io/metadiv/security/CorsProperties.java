package io.metadiv.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code metadiv.cors.*}.
 *
 * @param allowedOrigins origins whose pages may call the API from a browser, e.g. {@code https://dash.example.com}
 *     ({@code METADIV_CORS_ALLOWED_ORIGINS}, comma-separated); empty: none (CORS off)
 */
@ConfigurationProperties("metadiv.cors")
record CorsProperties(@DefaultValue List<String> allowedOrigins) {
}
