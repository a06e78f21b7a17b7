package io.metadiv.job;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A cancel of a job that already ended: 409, naming its status. */
public class JobFinishedException extends ErrorResponseException {

    JobFinishedException(Job job) {
        super(HttpStatus.CONFLICT, problem(job), null);
    }

    private static ProblemDetail problem(Job job) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "job " + job.getId() + " already ended " + job.getStatus() + "; only QUEUED or RUNNING jobs can be "
                        + "cancelled");
        problem.setTitle("Job already ended");
        // Not "status": that is the problem's HTTP status (RFC 9457) and a property of that name would overwrite it.
        problem.setProperty("jobStatus", job.getStatus().name());
        return problem;
    }
}
