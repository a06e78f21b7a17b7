package io.metadiv.job;

/**
 * Thrown out of {@link JobRun#progress} to stop a handler between tasks: the job was cancelled, this worker lost its
 * lease, or the worker is shutting down. Handlers let it pass (closing their resources on the way).
 */
public final class JobInterruptedException extends RuntimeException {

    /** Why the run stops. */
    public enum Reason {
        /** Cancel was requested. */
        CANCELLED,
        /** Another worker holds the job now (this one was frozen past its heartbeat). */
        LEASE_LOST,
        /** This worker is stopping; the job goes back to the queue. */
        WORKER_STOPPING
    }

    private final Reason reason;

    JobInterruptedException(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }
}
