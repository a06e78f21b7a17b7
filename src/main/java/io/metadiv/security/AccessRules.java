package io.metadiv.security;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which role a request needs, by HTTP method and path only, so every endpoint, a new one included, falls under a
 * rule: the keys themselves and every DELETE need ADMIN, GET and HEAD need READER, every other method (uploads,
 * submissions, plans, cancels) OPERATOR. Needing no key: the Kubernetes probes, the health status (its details only
 * with a key), the OpenAPI document and Swagger UI (whose Authorize button then takes a key), and error dispatches.
 */
final class AccessRules implements AuthorizationManager<RequestAuthorizationContext> {

    private static final List<RequestMatcher> OPEN = List.of(
            pathPattern("/actuator/health"), pathPattern("/actuator/health/liveness"),
            pathPattern("/actuator/health/readiness"),
            pathPattern("/v3/api-docs"), pathPattern("/v3/api-docs.yaml"), pathPattern("/v3/api-docs/**"),
            pathPattern("/swagger-ui.html"), pathPattern("/swagger-ui/**"));
    private static final RequestMatcher KEYS = pathPattern(ApiKeyController.PATH + "/**");
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    /** The least role the request needs, or null when it needs no key. */
    static KeyRole required(HttpServletRequest request) {
        if (request.getDispatcherType() == DispatcherType.ERROR || OPEN.stream().anyMatch(m -> m.matches(request))) {
            return null;
        }
        if (KEYS.matches(request) || "DELETE".equals(request.getMethod())) {
            return KeyRole.ADMIN;
        }
        return READS.contains(request.getMethod()) ? KeyRole.READER : KeyRole.OPERATOR;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context) {
        KeyRole required = required(context.getRequest());
        return new AuthorizationDecision(required == null || authentication.get() instanceof ApiKeyAuthentication
                caller && caller.isAuthenticated() && caller.role().includes(required));
    }
}
