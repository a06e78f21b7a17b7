package io.metadiv.dataset;

import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The dataset cannot be deleted while something references it: 409, listing the references. */
public class DatasetInUseException extends ErrorResponseException {

    /** For the dataset and what still uses it. */
    public DatasetInUseException(UUID id, List<String> references) {
        super(HttpStatus.CONFLICT, problem(id, references), null);
    }

    private static ProblemDetail problem(UUID id, List<String> references) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Dataset " + id + " is still used by: " + String.join(", ", references));
        problem.setTitle("Dataset in use");
        problem.setProperty("references", references);
        return problem;
    }
}
