package io.metadiv.dataset;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No dataset has this id: 404. */
public class DatasetNotFoundException extends ErrorResponseException {

    /** For the missing id. */
    public DatasetNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No dataset with id " + id);
        problem.setTitle("Dataset not found");
        problem.setProperty("datasetId", id);
        return problem;
    }
}
