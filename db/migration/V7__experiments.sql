-- Experiments: one request (method, network, episode shape, training and evaluation settings) trained once per
-- seed; each seed is a training run computed by a TRAINING job. Runs keep their results and lineage; their latest
-- checkpoint lives in training_checkpoint until the run ends.
CREATE TABLE experiment (
    id              UUID PRIMARY KEY,
    dataset_id      UUID         NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    method          VARCHAR(16)  NOT NULL CHECK (method IN ('HO_MAML', 'FO_MAML', 'PT')),
    settings        TEXT         NOT NULL, -- JSON: the resolved RunSpec (seed 0; each run has its own)
    idempotency_key VARCHAR(200) UNIQUE,
    request_hash    VARCHAR(64),
    created_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX experiment_dataset_idx ON experiment (dataset_id, created_at);

CREATE TABLE training_run (
    id                UUID PRIMARY KEY,
    experiment_id     UUID             NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    seed              BIGINT           NOT NULL,
    job_id            UUID             NOT NULL UNIQUE REFERENCES job (id),
    -- results (null until its job SUCCEEDED)
    accuracy          DOUBLE PRECISION,
    ci95              DOUBLE PRECISION,
    episodes          INT,
    episode_accuracies TEXT,            -- JSON array, one per meta-test episode
    loss_curve        TEXT,             -- JSON [[step, loss], ...], at most 200 points
    steps             INT,
    resumed_from_step INT,
    train_seconds     DOUBLE PRECISION,
    eval_seconds      DOUBLE PRECISION,
    cpu_seconds       DOUBLE PRECISION,
    -- lineage
    dataset_checksum  VARCHAR(64),
    code_version      VARCHAR(100),
    libraries         VARCHAR(200)
);
CREATE INDEX training_run_experiment_idx ON training_run (experiment_id);

CREATE TABLE training_checkpoint (
    run_id   UUID PRIMARY KEY REFERENCES training_run (id) ON DELETE CASCADE,
    step     INT         NOT NULL,
    content  BYTEA       NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL
);
