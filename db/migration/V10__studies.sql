-- Studies: datasets x methods x seeds under one model, episode setting and diversity probe. A study owns no results:
-- it points at the diversity scores and training runs it queued or reused, so reused work is shared, not copied.
CREATE TABLE study (
    id         UUID PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    request    TEXT         NOT NULL, -- JSON: the request as resolved (methods, seeds, settings, criteria)
    created_at TIMESTAMPTZ  NOT NULL
);

-- One score per dataset; a dataset or score in use by a study cannot be deleted (409, not a cascade).
CREATE TABLE study_score (
    study_id   UUID    NOT NULL REFERENCES study (id) ON DELETE CASCADE,
    dataset_id UUID    NOT NULL REFERENCES dataset (id),
    position   INT     NOT NULL, -- the request's dataset order
    score_id   UUID    NOT NULL REFERENCES diversity_score (id),
    reused     BOOLEAN NOT NULL,
    PRIMARY KEY (study_id, dataset_id)
);
CREATE INDEX study_score_dataset_idx ON study_score (dataset_id);

CREATE TABLE study_run (
    study_id   UUID        NOT NULL REFERENCES study (id) ON DELETE CASCADE,
    dataset_id UUID        NOT NULL REFERENCES dataset (id),
    method     VARCHAR(16) NOT NULL CHECK (method IN ('HO_MAML', 'FO_MAML', 'PT')),
    seed       BIGINT      NOT NULL,
    run_id     UUID        NOT NULL REFERENCES training_run (id),
    reused     BOOLEAN     NOT NULL,
    PRIMARY KEY (study_id, dataset_id, method, seed)
);
CREATE INDEX study_run_run_idx ON study_run (run_id);
