package io.metadiv.web;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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
