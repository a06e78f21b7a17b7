package io.metadiv.experiment;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No experiment with this id: 404. */
class ExperimentNotFoundException extends ErrorResponseException {

    ExperimentNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No experiment with id " + id);
        problem.setTitle("Experiment not found");
        problem.setProperty("experimentId", id);
        return problem;
    }
}
