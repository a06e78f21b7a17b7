package io.metadiv.web;

import java.time.Instant;
import org.slf4j.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error as an RFC 9457 ProblemDetail with a timestamp. Feature exceptions extend
 * {@link org.springframework.web.ErrorResponseException} (400s through {@link BadRequestException}) and carry their own
 * status and detail, so this is the one place that maps them; anything else, an {@link IllegalArgumentException} from
 * the ML core or DJL included, is a 500 that is logged with its stack trace and not passed on verbatim.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** A body that does not parse: the problem names the field and, for an enum, the allowed values. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException json = cause(ex, JacksonException.class);
        if (json == null || json.getPath().isEmpty()) {
            return super.handleHttpMessageNotReadable(ex, headers, status, request);
        }
        String field = json.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName()
                : "[" + r.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
        String detail = "field '" + field + "' cannot be read";
        if (json instanceof InvalidFormatException format) {
            Class<?> type = format.getTargetType();
            detail += ": " + format.getValue() + " is not " + (type.isEnum() ? "one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) : "a " + type.getSimpleName());
        } else if (json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            detail += ": expected " + mismatch.getTargetType().getSimpleName();
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("field", field);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Unexpected error: " + ex.getClass().getSimpleName());
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("{} answered {}", request.getDescription(false), statusCode.value(), ex);
        } else {
            log.debug("{} answered {}: {}", request.getDescription(false), statusCode.value(), ex.getMessage());
        }
        // ErrorResponse exceptions arrive with a null body: keep their own ProblemDetail (title, detail, properties).
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ex instanceof ErrorResponse response ? response.getBody()
                : ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
        problem.setProperty("timestamp", Instant.now().toString());
        return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
    }
}
