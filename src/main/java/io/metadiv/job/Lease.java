package io.metadiv.job;

import java.util.UUID;

/**
 * A worker's hold on a job for one attempt. Every write of the worker checks that the job row still carries
 * {@code leaseId}: a worker that was frozen past its heartbeat and lost the job to another cannot overwrite the new
 * owner's work.
 *
 * @param jobId the job
 * @param workerId the worker
 * @param leaseId changes at every claim
 * @param attempt the attempt number
 */
public record Lease(UUID jobId, String workerId, UUID leaseId, int attempt) {
}
