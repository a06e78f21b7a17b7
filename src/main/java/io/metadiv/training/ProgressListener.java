package io.metadiv.training;

/**
 * Called after every training step; its answer can stop the run (cancel). A stopped run keeps its state, so
 * it can be checkpointed and resumed later.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that never stops the run. */
    ProgressListener NONE = progress -> Decision.CONTINUE;

    /** What the run does after a step. */
    enum Decision {
        /** Go on with the next step. */
        CONTINUE,
        /** Stop after this step (cancel); state stays consistent. */
        STOP
    }

    /**
     * One finished step.
     *
     * @param step 1-based number of the step just finished (counts across resumes)
     * @param loss training loss of that step (MAML: mean query loss of the meta-batch; PT: batch loss)
     * @param elapsedMillis wall time of the run so far in milliseconds, including time before a resume
     */
    record Progress(int step, double loss, long elapsedMillis) {
    }

    /**
     * Receives a step's progress.
     *
     * @param progress the step
     * @return whether to continue
     */
    Decision onStep(Progress progress);
}
