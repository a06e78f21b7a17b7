package io.metadiv.web;

import io.metadiv.job.Roles;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
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
        ProblemResponses.write(request, response, HttpStatus.NOT_FOUND, "this process runs metadiv.roles=" + roles
                + " and serves only /actuator; the API and the study report pages are served by processes with the "
                + "api role");
    }
}
