package io.metadiv.dataset;

import java.util.List;
import java.util.UUID;

/**
 * Extension point for features that use datasets (experiments, diversity scores, studies): every bean of this type
 * is asked before a dataset is deleted, and any reference it reports turns the delete into a 409. The delete holds a
 * {@code FOR UPDATE} lock on the dataset row while it asks; a feature that creates references should read the row
 * {@code FOR SHARE} (or {@code FOR KEY SHARE}) in the transaction that inserts its own row, so the two cannot cross.
 */
public interface DatasetReferences {

    /**
     * What still uses the dataset, in words an operator can act on (e.g. {@code "experiment 42 (RUNNING)"}).
     *
     * @return an empty list when nothing does
     */
    List<String> referencesTo(UUID datasetId);
}
