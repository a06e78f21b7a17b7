package io.metadiv.diversity.api;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No diversity score with this id for this dataset: 404. */
class DiversityScoreNotFoundException extends ErrorResponseException {

    DiversityScoreNotFoundException(UUID datasetId, UUID scoreId) {
        super(HttpStatus.NOT_FOUND, problem(datasetId, scoreId), null);
    }

    private static ProblemDetail problem(UUID datasetId, UUID scoreId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No diversity score " + scoreId + " for dataset " + datasetId);
        problem.setTitle("Diversity score not found");
        problem.setProperty("scoreId", scoreId);
        return problem;
    }
}
