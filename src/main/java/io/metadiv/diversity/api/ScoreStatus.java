package io.metadiv.diversity.api;

import java.util.Map;
import java.util.Set;

/** States of a diversity score and the one table of allowed transitions. */
public enum ScoreStatus {
    /** Accepted, waiting for the executor. */
    QUEUED,
    /** Being computed. */
    RUNNING,
    /** Finished with a coefficient. */
    SUCCEEDED,
    /** Finished with an error message. */
    FAILED;

    private static final Map<ScoreStatus, Set<ScoreStatus>> ALLOWED = Map.of(
            QUEUED, Set.of(RUNNING, FAILED),
            RUNNING, Set.of(SUCCEEDED, FAILED, QUEUED), // QUEUED: re-queued after the process running it stopped
            SUCCEEDED, Set.of(),
            FAILED, Set.of());

    /** Whether a score in this state may move to {@code next}. */
    public boolean canMoveTo(ScoreStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Whether the score still runs or waits (it then references its dataset). */
    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }
}
