package io.metadiv.diversity.api;

import io.metadiv.job.JobStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A result of a score asked for before its job SUCCEEDED: 409, naming the job's status. */
class ScoreNotSucceededException extends ErrorResponseException {

    /**
     * @param score the score
     * @param what what exists once it SUCCEEDED, e.g. "class contributions"
     */
    ScoreNotSucceededException(DiversityScore score, String what) {
        super(HttpStatus.CONFLICT, problem(score, what), null);
    }

    private static ProblemDetail problem(DiversityScore score, String what) {
        JobStatus status = score.getJob().getStatus();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "diversity score "
                + score.getId() + " is " + status + "; ask for its " + what + " once it SUCCEEDED");
        problem.setTitle("Diversity score not finished");
        problem.setProperty("scoreId", score.getId());
        // Not "status": that is the problem's HTTP status (RFC 9457).
        problem.setProperty("jobStatus", status.name());
        return problem;
    }
}
