package io.metadiv.dataset;

import io.metadiv.dataset.format.UnknownContentException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An uploaded part is neither a ZIP archive nor an IDX file where one was expected: 415 Unsupported Media Type. */
public class UnsupportedDatasetContentException extends ErrorResponseException {

    /** Wraps the format reader's finding. */
    public UnsupportedDatasetContentException(UnknownContentException cause) {
        super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(cause), cause);
    }

    private static ProblemDetail problem(UnknownContentException cause) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                cause.getMessage() + ". Upload a ZIP as part 'file' to POST /api/v1/datasets, or an IDX pair as parts 'images' and 'labels' to "
                        + "POST /api/v1/datasets/idx");
        problem.setTitle("Unsupported dataset content");
        return problem;
    }
}
