-- Per-step metrics of a job (training: loss and step time), written with its progress. A step redone after a resume
-- from a checkpoint replaces the row of its first run.
CREATE TABLE job_metric (
    job_id  UUID             NOT NULL REFERENCES job (id),
    step    INT              NOT NULL,
    loss    DOUBLE PRECISION NOT NULL,
    step_ms DOUBLE PRECISION NOT NULL,
    at      TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (job_id, step)
);
