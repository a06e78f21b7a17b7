package io.metadiv.job;

/** What a job computes; each kind has one {@link JobHandler}. */
public enum JobKind {
    /** A diversity score (Task2Vec) of a dataset. */
    DIVERSITY,
    /** A training run (HO-MAML, FO-MAML or PT). */
    TRAINING,
    /** A dataset decoded from an upload waiting in the database (an asynchronous upload). */
    INGEST
}
