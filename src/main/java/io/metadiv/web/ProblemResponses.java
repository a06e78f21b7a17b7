package io.metadiv.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem from a servlet filter, where {@link ProblemDetailsAdvice} cannot: the same fields as every other
 * problem ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, {@code timestamp}).
 */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /** Answers {@code status} with {@code detail}; the instance is the request's path. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.put("timestamp", Instant.now().toString());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // UTF-8 bytes on the stream: getWriter() would label the body ISO-8859-1 (JSON is UTF-8, RFC 8259) and the
        // Content-Type would differ from every other problem's.
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
