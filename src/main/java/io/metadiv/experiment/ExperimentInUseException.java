package io.metadiv.experiment;

import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The experiment cannot be deleted while its jobs run or a queued or running score uses one of its runs: 409. */
class ExperimentInUseException extends ErrorResponseException {

    ExperimentInUseException(UUID id, List<String> references) {
        super(HttpStatus.CONFLICT, problem(id, references), null);
    }

    private static ProblemDetail problem(UUID id, List<String> references) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Experiment " + id
                + " is still in use: " + String.join(", ", references) + ". Cancel active jobs first "
                + "(POST /api/v1/jobs/{id}/cancel), or wait for them to end");
        problem.setTitle("Experiment in use");
        problem.setProperty("experimentId", id);
        problem.setProperty("references", references);
        return problem;
    }
}
