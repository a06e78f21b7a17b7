package io.metadiv.limits;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A limit per key was hit: 429 with {@code Retry-After}, naming the limit ({@code limit}: the setting) and its
 * {@code value}; nothing was stored.
 */
public class LimitExceededException extends ErrorResponseException {

    private LimitExceededException(ProblemDetail problem, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem, null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
    }

    /** Whole seconds, rounded up, and at least 1: a client that waits that long is allowed again. */
    static long seconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** The key started {@code value} uploads in the current {@code window}. */
    public static LimitExceededException uploads(int value, Duration window, Duration retryAfter) {
        ProblemDetail problem = problem("Upload rate limit", LimitProperties.UPLOADS_PER_WINDOW, value,
                "this key may start " + value + " uploads per " + window.toSeconds() + " s and started them all; "
                        + "nothing was read or stored, try again in " + seconds(retryAfter) + " s");
        problem.setProperty("windowSeconds", window.toSeconds());
        return new LimitExceededException(problem, retryAfter);
    }

    /** The key has {@code active} jobs queued or running, and the request needs {@code requested} more. */
    public static LimitExceededException jobs(int value, long active, long requested, Duration retryAfter) {
        ProblemDetail problem = problem("Concurrent job limit", LimitProperties.CONCURRENT_JOBS_PER_KEY, value,
                "this key may have " + value + " jobs queued or running at once; it has " + active
                        + " and this request needs " + requested + " more; nothing was stored. Cancel jobs or try "
                        + "again once some have finished (Retry-After: " + seconds(retryAfter) + " s)");
        problem.setProperty("active", active);
        problem.setProperty("requested", requested);
        return new LimitExceededException(problem, retryAfter);
    }

    private static ProblemDetail problem(String title, String limit, int value, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail);
        problem.setTitle(title);
        problem.setProperty("limit", limit);
        problem.setProperty("value", value);
        return problem;
    }
}
