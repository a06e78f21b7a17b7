package io.metadiv.security;

import io.metadiv.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The security answers as problems like every other: 401 for a missing, unknown or revoked key (with
 * {@code WWW-Authenticate: Bearer}), 403 for a key whose role is too weak, 503 when keys cannot be checked, 400 for
 * a URL the firewall refuses.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler,
        RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);
    private static final String HOW = "send it as 'Authorization: Bearer <key>' or '" + ApiKeyConverter.HEADER
            + ": <key>'";

    /** No key, or one that is not valid. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"metadiv\"");
        String detail = e instanceof BadCredentialsException ? e.getMessage()
                : request.getMethod() + " " + request.getRequestURI() + " needs an API key with role "
                        + AccessRules.required(request) + " or higher: " + HOW;
        ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, detail);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException e) throws IOException {
        if (e instanceof AuthenticationServiceException) {
            log.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e.getCause());
            ProblemResponses.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            return;
        }
        commence(request, response, e);
    }

    /** A valid key with too weak a role. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        KeyRole has = SecurityContextHolder.getContext().getAuthentication() instanceof ApiKeyAuthentication caller
                ? caller.role() : null;
        ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, request.getMethod() + " "
                + request.getRequestURI() + " needs an API key with role " + AccessRules.required(request)
                + " or higher; this key has role " + has + " (READER: GET and HEAD; OPERATOR: also every other change "
                + "but deletes; ADMIN: also deletes and keys)");
    }

    /**
     * A URL that Spring Security's firewall refuses ({@code ;}, {@code //}, {@code /../}, an encoded {@code /} and
     * the like), before any filter of the chain runs: without this handler it would be Boot's error page.
     */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        ProblemResponses.write(request, response, HttpStatus.BAD_REQUEST, "The URL was refused: " + e.getMessage()
                + ". Send the path without ';', '//', '/./', '/../' and encoded '/', '\\', '.' or '%'");
    }
}
