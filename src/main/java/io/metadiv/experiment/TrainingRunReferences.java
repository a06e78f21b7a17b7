package io.metadiv.experiment;

import java.util.List;
import java.util.UUID;

/**
 * Extension point for features that use a finished training run (diversity scores under a PT backbone): asked before
 * an experiment is deleted, any reference turns the delete into a 409. The delete holds {@code FOR UPDATE} locks on
 * the run rows while it asks; a feature creating a reference reads the run with {@link PtBackbones#lockForUse} in its
 * inserting transaction.
 */
public interface TrainingRunReferences {

    /**
     * What still uses the run computed by this TRAINING job, in words an operator can act on.
     *
     * @return an empty list when nothing does
     */
    List<String> referencesToTrainingJob(UUID jobId);
}
