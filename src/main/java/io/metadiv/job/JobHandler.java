package io.metadiv.job;

/**
 * Runs jobs of one kind on a worker. Delivery is at least once: {@link #run} may be called again for a job whose
 * earlier run died, so it must give the same result from the same inputs and write it only through
 * {@link JobRun#succeed}, which commits it with the SUCCEEDED status if this worker still holds the job.
 */
public interface JobHandler {

    /** The kind this handler runs. */
    JobKind kind();

    /**
     * Does the work of {@code run.job()}, reporting progress (which is where cancel and lease loss stop it).
     *
     * @throws Exception a failed attempt (retried while attempts remain)
     */
    void run(JobRun run) throws Exception;
}
