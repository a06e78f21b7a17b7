package io.metadiv.dataset;

import io.metadiv.dataset.format.InvalidContentException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The upload is a ZIP or IDX pair but cannot become a dataset: 422 Unprocessable Content. The problem's
 * {@code entry} property names the archive entry, IDX part or class at fault when there is one.
 */
public class InvalidDatasetException extends ErrorResponseException {

    /** Wraps the format reader's finding. */
    public InvalidDatasetException(InvalidContentException cause) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(cause), cause);
    }

    private static ProblemDetail problem(InvalidContentException cause) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, cause.getMessage());
        problem.setTitle("Invalid dataset");
        if (cause.entry() != null) {
            problem.setProperty("entry", cause.entry());
        }
        return problem;
    }
}
