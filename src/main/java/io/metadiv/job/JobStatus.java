package io.metadiv.job;

import java.util.Map;
import java.util.Set;

/** States of a job and the one table of allowed transitions. */
public enum JobStatus {
    /** Waiting for a worker. */
    QUEUED,
    /** A worker runs it. */
    RUNNING,
    /** Cancel was requested while it ran; the worker stops between tasks. */
    CANCELLING,
    /** Finished with its result. */
    SUCCEEDED,
    /** Finished without a result; {@code error} says why. */
    FAILED,
    /** Cancelled before it finished. */
    CANCELLED;

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            QUEUED, Set.of(RUNNING, CANCELLED, FAILED),
            // RUNNING -> RUNNING: another worker took over after this one lost its lease;
            // RUNNING -> QUEUED: retry after a failure, revival after a dead worker, or a worker shutting down.
            RUNNING, Set.of(RUNNING, SUCCEEDED, FAILED, CANCELLING, QUEUED),
            CANCELLING, Set.of(CANCELLED, SUCCEEDED, FAILED),
            SUCCEEDED, Set.of(),
            FAILED, Set.of(),
            CANCELLED, Set.of());

    /** Whether a job in this status may move to {@code next}. */
    public boolean canMoveTo(JobStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Still to run or running: it references its inputs. */
    public boolean active() {
        return this == QUEUED || this == RUNNING || this == CANCELLING;
    }

    /** A worker holds it. */
    public boolean running() {
        return this == RUNNING || this == CANCELLING;
    }

    /** The active statuses. */
    public static Set<JobStatus> activeSet() {
        return Set.of(QUEUED, RUNNING, CANCELLING);
    }
}
