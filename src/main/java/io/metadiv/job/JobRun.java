package io.metadiv.job;

import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a job on this worker, as its {@link JobHandler} sees it: what to compute, progress reporting (where
 * cancel, lease loss and worker shutdown stop the run, between tasks) and the fenced result commit.
 */
public final class JobRun {

    private static final Logger log = LoggerFactory.getLogger(JobRun.class);
    /** Progress is written at most this often (the last step always). */
    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private final Job job;
    private final Lease lease;
    private final JobLifecycle lifecycle;
    private final BooleanSupplier stopping;
    private long lastWrite;
    private boolean succeeded;
    private volatile boolean gaveUp;

    JobRun(Job job, Lease lease, JobLifecycle lifecycle, BooleanSupplier stopping) {
        this.job = job;
        this.lease = lease;
        this.lifecycle = lifecycle;
        this.stopping = stopping;
        this.lastWrite = System.nanoTime();
    }

    /** The feature row this job computes (a diversity score, a training run). */
    public UUID subjectId() {
        return job.getSubjectId();
    }

    /** The job. */
    public UUID jobId() {
        return job.getId();
    }

    /** This attempt's lease. */
    public Lease lease() {
        return lease;
    }

    /**
     * Reports {@code done} of {@code total} steps; call it between steps.
     *
     * @throws JobInterruptedException when the job was cancelled, the lease is lost, or the worker is stopping
     */
    public void progress(int done, int total) {
        progress(done, total, () -> { });
    }

    /**
     * Reports progress like {@link #progress(int, int)}, and runs {@code alsoWrite} (per-step metrics) in the same
     * fenced transaction whenever the progress is written.
     *
     * @return whether it was written (at most once a second, and at the last step)
     * @throws JobInterruptedException when the job was cancelled, the lease is lost, or the worker is stopping
     */
    public boolean progress(int done, int total, Runnable alsoWrite) {
        if (stopping.getAsBoolean()) {
            throw new JobInterruptedException(JobInterruptedException.Reason.WORKER_STOPPING);
        }
        long now = System.nanoTime();
        if (done < total && now - lastWrite < PROGRESS_INTERVAL_NANOS) {
            return false;
        }
        lastWrite = now;
        Optional<JobStatus> status;
        try {
            status = lifecycle.progress(lease, done, total, alsoWrite);
        } catch (RuntimeException e) {
            if (!DatabaseRetry.unreachable(e)) {
                throw e;
            }
            log.warn("job {}: progress not recorded, database unreachable ({})", job.getId(), e.getMessage());
            return false; // progress is best effort; the result is retried until the database is back
        }
        if (status.isEmpty()) {
            throw new JobInterruptedException(JobInterruptedException.Reason.LEASE_LOST);
        }
        if (status.get() == JobStatus.CANCELLING) {
            throw new JobInterruptedException(JobInterruptedException.Reason.CANCELLED);
        }
        return true;
    }

    /**
     * Runs {@code write} (a checkpoint) in a transaction that checks this worker still holds the job, and appends
     * {@code note} to the job's history when it is not null.
     *
     * @throws JobInterruptedException when the lease was lost (nothing was written)
     */
    public void write(Runnable write, String note) {
        if (!lifecycle.write(lease, write, note)) {
            throw new JobInterruptedException(JobInterruptedException.Reason.LEASE_LOST);
        }
    }

    /**
     * Writes the result with {@code writeResult} and marks the job SUCCEEDED, in one transaction, if this worker still
     * holds the job.
     *
     * @throws JobInterruptedException when the lease was lost (nothing was written)
     */
    public void succeed(Runnable writeResult) {
        succeed(null, writeResult);
    }

    /**
     * Like {@link #succeed(Runnable)}, recording {@code resultId} as the row the job produced (its subject did not
     * know it when the job was submitted).
     */
    public void succeed(UUID resultId, Runnable writeResult) {
        if (!lifecycle.succeed(lease, resultId, writeResult)) {
            throw new JobInterruptedException(JobInterruptedException.Reason.LEASE_LOST);
        }
        succeeded = true;
    }

    /**
     * Fails the job for good now, from any thread (a watchdog of a run stuck where it cannot report progress): it is
     * FAILED at once, and this run's later progress and result find its lease gone and are discarded.
     *
     * @return false when the job had ended or changed hands first
     */
    public boolean giveUp(String type, String message) {
        boolean done = lifecycle.giveUp(lease, type, message);
        gaveUp |= done;
        return done;
    }

    boolean succeeded() {
        return succeeded;
    }

    boolean gaveUp() {
        return gaveUp;
    }
}
