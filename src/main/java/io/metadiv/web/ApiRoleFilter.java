package io.metadiv.web;

import io.metadiv.job.Roles;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In a process without the {@code api} role only Actuator answers; everything else, the REST API under
 * {@code /api/**}, the OpenAPI document and the study report pages under {@code /studies/**} included, is a 404
 * that says why.
 */
@Component
class ApiRoleFilter extends OncePerRequestFilter {

    private final Roles roles;

    ApiRoleFilter(Roles roles) {
        this.roles = roles;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return roles.api() || request.getRequestURI().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // UTF-8 bytes on the stream: getWriter() would label the body ISO-8859-1 (JSON is UTF-8, RFC 8259) and the
        // Content-Type would differ from every other problem's.
        response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"this process runs metadiv.roles=" + roles + " and serves only /actuator; the API and "
                + "the study report pages are served by processes with the api role\",\"instance\":\""
                + request.getRequestURI().replace("\"", "")
                + "\",\"timestamp\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
