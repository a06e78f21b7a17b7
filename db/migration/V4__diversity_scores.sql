-- Diversity scores (Task2Vec) of datasets: request settings, probe, status and results.
-- A score is only comparable with scores made under the same probe (probe_kind, probe_seed, probe_hidden).
CREATE TABLE diversity_score (
    id                 UUID PRIMARY KEY,
    dataset_id         UUID             NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    status             VARCHAR(16)      NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    version            BIGINT           NOT NULL DEFAULT 0,
    -- settings
    tasks              INT              NOT NULL,
    ways               INT              NOT NULL,
    shots              INT              NOT NULL,
    queries            INT              NOT NULL,
    seed               BIGINT           NOT NULL,
    fisher_samples     INT              NOT NULL,
    noise_tasks        INT              NOT NULL,
    head_steps         INT              NOT NULL,
    head_learning_rate DOUBLE PRECISION NOT NULL,
    split              VARCHAR(64)      NOT NULL,
    split_seed         BIGINT           NOT NULL,
    -- probe
    probe_kind         VARCHAR(32)      NOT NULL,
    probe_seed         BIGINT           NOT NULL,
    probe_hidden       INT              NOT NULL,
    probe_description  VARCHAR(200),
    -- results (null until SUCCEEDED)
    coefficient        DOUBLE PRECISION,
    ci95               DOUBLE PRECISION,
    pairs              INT,
    dist_min           DOUBLE PRECISION,
    dist_max           DOUBLE PRECISION,
    noise_floor        DOUBLE PRECISION,
    embed_ms_median    DOUBLE PRECISION,
    embed_ms_mean      DOUBLE PRECISION,
    compute_seconds    DOUBLE PRECISION,
    distances          TEXT,  -- JSON T×T matrix
    embeddings         TEXT,  -- JSON T×(4·hidden) matrix
    error              TEXT,
    created_at         TIMESTAMPTZ      NOT NULL,
    started_at         TIMESTAMPTZ,
    finished_at        TIMESTAMPTZ
);
CREATE INDEX diversity_score_dataset_idx ON diversity_score (dataset_id, created_at);
