package io.metadiv.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import io.metadiv.web.BadRequestException.FieldError;
import org.springframework.beans.TypeMismatchException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
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
import org.springframework.web.ErrorResponseException;
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
        // A body cut at its limit (limits.JsonBodyLimitFilter) is too large, not malformed.
        ErrorResponseException tooLarge = cause(ex, ErrorResponseException.class);
        if (tooLarge != null) {
            return handleExceptionInternal(tooLarge, null, tooLarge.getHeaders(), tooLarge.getStatusCode(), request);
        }
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

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badRequest(ex, "part '" + ex.getRequestPartName() + "' is required", ex.getRequestPartName(),
                List.of(), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badRequest(ex, "parameter '" + ex.getParameterName() + "' is required", ex.getParameterName(),
                List.of(), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        Class<?> type = ex.getRequiredType();
        String expected = type == null ? "" : type.isEnum()
                ? ": must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                : ": expected " + type.getSimpleName();
        return badRequest(ex, "'" + name + "' cannot be read from '" + ex.getValue() + "'" + expected, name,
                List.of(), headers, request);
    }

    /** {@code @Min}, {@code @Size}, … on request parameters: one error per parameter with the constraint's words. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String name = result.getMethodParameter().getParameterName();
            if (result instanceof ParameterErrors bodyErrors) {
                bodyErrors.getFieldErrors().forEach(e -> errors.add(new FieldError(e.getField(),
                        e.getDefaultMessage() + ", got " + e.getRejectedValue())));
            } else {
                result.getResolvableErrors().forEach(e -> errors.add(new FieldError(name,
                        e.getDefaultMessage() + ", got " + result.getArgument())));
            }
        }
        return validationProblem(ex, errors, headers, request);
    }

    /** {@code @Valid} request bodies: one error per field. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldError(e.getField(), e.getDefaultMessage() + ", got " + e.getRejectedValue()))
                .toList();
        return validationProblem(ex, errors, headers, request);
    }

    private ResponseEntity<Object> validationProblem(Exception ex, List<FieldError> errors, HttpHeaders headers,
            WebRequest request) {
        if (errors.isEmpty()) {
            return badRequest(ex, "Validation failure", null, errors, headers, request);
        }
        String detail = errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
        return badRequest(ex, detail, errors.get(0).field(), errors, headers, request);
    }

    private ResponseEntity<Object> badRequest(Exception ex, String detail, String field, List<FieldError> errors,
            HttpHeaders headers, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Bad Request");
        if (field != null) {
            problem.setProperty("field", field);
        }
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
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
