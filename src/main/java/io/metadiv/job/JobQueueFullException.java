package io.metadiv.job;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The queue of this kind holds {@code metadiv.jobs.queue-capacity} jobs: 503 with Retry-After; nothing is stored. */
public class JobQueueFullException extends ErrorResponseException {

    JobQueueFullException(JobKind kind, long queued, Duration retryAfter) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(kind, queued, retryAfter), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
    }

    private static ProblemDetail problem(JobKind kind, long queued, Duration retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the " + kind + " queue is full (" + queued + " jobs waiting); nothing was stored, try again in "
                        + retryAfter.toSeconds() + " s");
        problem.setTitle("Job queue full");
        problem.setProperty("queued", queued);
        return problem;
    }
}
