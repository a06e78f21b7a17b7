package io.metadiv.limits;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A JSON request body over {@code metadiv.limits.json-body-max}: 413, read no further, nothing stored. */
public class JsonBodyTooLargeException extends ErrorResponseException {

    JsonBodyTooLargeException(long max) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(max), null);
    }

    private static ProblemDetail problem(long max) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "a JSON request body "
                + "may be at most " + max + " bytes (metadiv.limits.json-body-max); nothing was stored");
        problem.setTitle("Request body too large");
        problem.setProperty("limit", "metadiv.limits.json-body-max");
        problem.setProperty("value", max);
        return problem;
    }
}
