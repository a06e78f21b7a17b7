package io.metadiv.job;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker's side of a job's life, one short transaction per change, each under the row lock and each checking the
 * worker's {@link Lease} first (fencing). Every change is retried while the database is unreachable and is idempotent.
 */
@Component
class JobLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobLifecycle.class);

    /** What a claim gives the worker. */
    record Claim(Job job, Lease lease) {
    }

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final TransactionTemplate tx;
    private final DatabaseClock clock;
    private final JobMetrics metrics;
    private final JobProperties properties;
    private final DatabaseRetry retry;

    JobLifecycle(JobRepository jobs, JobEventRepository events, TransactionTemplate tx, DatabaseClock clock,
            JobMetrics metrics, JobProperties properties) {
        this.jobs = jobs;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.metrics = metrics;
        this.properties = properties;
        this.retry = new DatabaseRetry(properties.databaseRetry());
    }

    private <T> T change(String what, UUID id, java.util.function.Function<Job, T> change) {
        return retry.call(what + " of job " + id, () -> tx.execute(status -> {
            Job job = jobs.lock(id).orElse(null);
            if (job == null) {
                return change.apply(null);
            }
            T result = change.apply(job);
            events.saveAll(job.drainEvents());
            return result;
        }));
    }

    /**
     * Takes the job for this worker: a new lease and one more attempt. Empty when there is nothing to run: the job
     * ended (a second delivery), was cancelled, has spent its attempts, or does not exist.
     */
    Optional<Claim> claim(UUID id, String worker) {
        return change("claim", id, job -> {
            if (job == null) {
                log.warn("execution of unknown job {} dropped", id);
                return Optional.<Claim>empty();
            }
            Instant now = clock.now();
            switch (job.getStatus()) {
                case SUCCEEDED, FAILED, CANCELLED -> {
                    log.info("job {} already {}; second delivery ignored", id, job.getStatus());
                    return Optional.empty();
                }
                case CANCELLING -> {
                    job.cancelled(now);
                    return Optional.empty();
                }
                default -> {
                    if (job.attemptsExhausted()) {
                        job.giveUp(job.getErrorType() == null ? "AttemptsExhausted" : job.getErrorType(),
                                "gave up after " + job.getAttempts() + " attempts; last error: "
                                        + job.getErrorMessage(), now);
                        metrics.finished(job, null);
                        return Optional.empty();
                    }
                    Lease lease = job.claim(worker, now);
                    return Optional.of(new Claim(job, lease));
                }
            }
        });
    }

    /**
     * Records progress if the lease holds.
     *
     * @return the status (CANCELLING asks the run to stop), or empty when the lease is lost
     */
    Optional<JobStatus> progress(Lease lease, int done, int total, Runnable alsoWrite) {
        return tx.execute(status -> {
            Job job = jobs.lock(lease.jobId()).orElse(null);
            if (job == null || !job.heldBy(lease)) {
                return Optional.<JobStatus>empty();
            }
            alsoWrite.run();
            job.progress(done, total, clock.now());
            return Optional.of(job.getStatus());
        });
    }

    /**
     * Runs {@code write} (a checkpoint, a note) in a transaction that first checks the lease.
     *
     * @param note a history line to append with it, or null
     * @return false when the lease was lost: nothing was written
     */
    boolean write(Lease lease, Runnable write, String note) {
        return change("write", lease.jobId(), job -> {
            if (job == null || !job.heldBy(lease)) {
                return false;
            }
            write.run();
            if (note != null) {
                job.note(note, clock.now());
            }
            return true;
        });
    }

    /**
     * Commits the result (written by {@code writeResult} in the same transaction) and SUCCEEDED, if the lease holds.
     *
     * @param resultId the row the job produced when that is not its subject, or null
     * @return false when the lease was lost: nothing was written
     */
    boolean succeed(Lease lease, UUID resultId, Runnable writeResult) {
        return change("success", lease.jobId(), job -> {
            if (job != null && job.endedUnder(lease) && job.getStatus() == JobStatus.SUCCEEDED) {
                return true; // the first try committed before the connection broke
            }
            if (job == null || !job.heldBy(lease)) {
                return false;
            }
            writeResult.run();
            job.succeed(resultId, clock.now());
            metrics.finished(job, job.getStartedAt());
            return true;
        });
    }

    /**
     * A failed attempt, error kept.
     *
     * @return when to retry, or empty when the job ended (FAILED, or CANCELLED if cancel was requested) or the lease
     *     was lost
     */
    Optional<Instant> fail(Lease lease, Throwable error) {
        return change("failure", lease.jobId(), job -> {
            if (job == null || !job.heldBy(lease)) {
                return Optional.<Instant>empty();
            }
            Instant now = clock.now();
            metrics.failure(job.getKind());
            boolean again = job.failAttempt(error.getClass().getSimpleName(), String.valueOf(error.getMessage()), now);
            if (!again) {
                metrics.finished(job, job.getStartedAt());
                return Optional.<Instant>empty();
            }
            metrics.retry(job.getKind());
            return Optional.of(now.plus(properties.retryDelay().multipliedBy(job.getAttempts())));
        });
    }

    /** The run stopped for a cancel: CANCELLED. */
    void cancelled(Lease lease) {
        change("cancel", lease.jobId(), job -> {
            if (job != null && job.heldBy(lease)) {
                job.cancelled(clock.now());
                metrics.finished(job, job.getStartedAt());
            }
            return null;
        });
    }

    /** This worker is stopping: back to the queue without using an attempt. */
    void returnToQueue(Lease lease) {
        change("return", lease.jobId(), job -> {
            if (job != null && job.heldBy(lease)) {
                job.returnToQueue("worker " + lease.workerId() + " is stopping; back in the queue", clock.now());
            }
            return null;
        });
    }

    /**
     * FAILED for good, whatever attempts remain: no handler for its kind on this worker, or a failure no retry changes.
     *
     * @return false when the lease was lost (or the job ended) first: nothing was written
     */
    boolean giveUp(Lease lease, String type, String message) {
        return change("give-up", lease.jobId(), job -> {
            if (job != null && job.heldBy(lease)) {
                job.giveUp(type, message, clock.now());
                metrics.finished(job, job.getStartedAt());
                return true;
            }
            return false;
        });
    }

    /**
     * db-scheduler found the job's execution dead (its worker stopped heartbeating).
     *
     * @return whether to run it again
     */
    boolean revive(UUID id, String deadWorker) {
        return change("revival", id, job -> {
            if (job == null || !job.getStatus().active()) {
                return false; // ended before the worker died: nothing to run
            }
            if (job.getStatus() == JobStatus.QUEUED) {
                return true; // already back in the queue (an earlier revival that did not reschedule)
            }
            metrics.revival(job.getKind());
            boolean again = job.revive(deadWorker, clock.now());
            if (!again) {
                metrics.finished(job, job.getStartedAt());
            }
            return again;
        });
    }
}
