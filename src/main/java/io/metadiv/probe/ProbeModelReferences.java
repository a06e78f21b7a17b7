package io.metadiv.probe;

import java.util.List;
import java.util.UUID;

/**
 * Extension point for features that use probe models (diversity scores): asked before a model is deleted, any
 * reference turns the delete into a 409. The delete holds a {@code FOR UPDATE} lock on the model row while it asks;
 * a feature creating a reference reads the row with {@link ProbeModels#lockForUse} in its inserting transaction.
 */
public interface ProbeModelReferences {

    /**
     * What still uses the model, in words an operator can act on.
     *
     * @return an empty list when nothing does
     */
    List<String> referencesToProbeModel(UUID modelId);
}
