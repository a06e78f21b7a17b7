package io.metadiv.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem from a servlet filter, where {@link ProblemDetailsAdvice} cannot: the same fields as every other
 * problem ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, {@code timestamp}).
 */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /** Answers with the problem and headers of {@code error}; the instance is the request's path. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ErrorResponse error)
            throws IOException {
        ProblemDetail body = error.getBody();
        error.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        Map<String, Object> problem = fields(request, HttpStatus.valueOf(body.getStatus()), body.getDetail());
        if (body.getTitle() != null) {
            problem.put("title", body.getTitle());
        }
        problem.putAll(body.getProperties() == null ? Map.of() : body.getProperties());
        write(response, body.getStatus(), problem);
    }

    /** Answers {@code status} with {@code detail}; the instance is the request's path. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String detail) throws IOException {
        write(response, status.value(), fields(request, status, detail));
    }

    private static Map<String, Object> fields(HttpServletRequest request, HttpStatus status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.put("timestamp", Instant.now().toString());
        return problem;
    }

    private static void write(HttpServletResponse response, int status, Map<String, Object> problem)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // UTF-8 bytes on the stream: getWriter() would label the body ISO-8859-1 (JSON is UTF-8, RFC 8259) and the
        // Content-Type would differ from every other problem's.
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
