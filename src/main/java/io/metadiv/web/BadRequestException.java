package io.metadiv.web;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request whose content does not fit: 400 with a detail that names the field and what is allowed. Features throw it
 * for checks they mean to report; other {@link IllegalArgumentException}s are bugs and answer 500.
 */
public class BadRequestException extends ErrorResponseException {

    /** With a detail only. */
    public BadRequestException(String detail) {
        this(detail, null);
    }

    /**
     * @param detail what is wrong and what would work
     * @param field the offending field (a ProblemDetail property), or null
     */
    public BadRequestException(String detail, String field) {
        super(HttpStatus.BAD_REQUEST, problem(detail, field), null);
    }

    /** An item of a problem's {@code errors}: {@code ProblemFieldError} in the contract. */
    public record FieldError(String field, String message) {
    }

    /** One 400 for several fields: the detail joins them, {@code field} is the first, {@code errors} lists all. */
    public static BadRequestException of(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
        BadRequestException e = new BadRequestException(detail, errors.get(0).field());
        e.getBody().setProperty("errors", List.copyOf(errors));
        return e;
    }

    private static ProblemDetail problem(String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Bad Request");
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }
}
