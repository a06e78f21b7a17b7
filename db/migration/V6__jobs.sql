-- The job engine: db-scheduler's execution table (the library creates none; this is its PostgreSQL DDL for 16.x),
-- our own job rows beside it, and their append-only history.

CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- One row per unit of background work. subject_id is the feature's row (a diversity score, a training run).
-- lease_id changes at every claim: a worker writes only while the row still carries its lease (fencing).
CREATE TABLE job (
    id             UUID PRIMARY KEY,
    kind           VARCHAR(16)  NOT NULL CHECK (kind IN ('DIVERSITY', 'TRAINING')),
    subject_id     UUID         NOT NULL,
    status         VARCHAR(16)  NOT NULL
        CHECK (status IN ('QUEUED', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    priority       INT          NOT NULL,
    attempts       INT          NOT NULL DEFAULT 0,
    max_attempts   INT          NOT NULL,
    worker_id      VARCHAR(200),
    lease_id       UUID,
    progress_done  INT,
    progress_total INT,
    progress_at    TIMESTAMPTZ,
    error_type     VARCHAR(200),
    error_message  TEXT,
    created_at     TIMESTAMPTZ  NOT NULL,
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX job_kind_status_idx ON job (kind, status);
CREATE INDEX job_subject_idx ON job (subject_id);

CREATE TABLE job_event (
    id          BIGSERIAL PRIMARY KEY,
    job_id      UUID        NOT NULL REFERENCES job (id),
    at          TIMESTAMPTZ NOT NULL,
    from_status VARCHAR(16),
    to_status   VARCHAR(16) NOT NULL,
    worker_id   VARCHAR(200),
    attempt     INT         NOT NULL,
    message     TEXT
);
CREATE INDEX job_event_job_idx ON job_event (job_id, id);

CREATE FUNCTION job_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'job_event is append-only';
END
$$;
CREATE TRIGGER job_event_append_only BEFORE UPDATE OR DELETE ON job_event
    FOR EACH ROW EXECUTE FUNCTION job_event_append_only();

-- Diversity scores become jobs: status, error and timings now live on the score's job. Existing scores get a job
-- with the score's id; unfinished ones are queued again (scores are seeded, so a recomputation gives the same value).
ALTER TABLE diversity_score ADD COLUMN job_id UUID REFERENCES job (id);
INSERT INTO job (id, kind, subject_id, status, priority, attempts, max_attempts, error_type, error_message,
                 created_at, started_at, finished_at)
SELECT id, 'DIVERSITY', id, CASE WHEN status IN ('QUEUED', 'RUNNING') THEN 'QUEUED' ELSE status END, 0, 0, 3,
       CASE WHEN error IS NULL THEN NULL ELSE 'Error' END, error, created_at,
       CASE WHEN status IN ('QUEUED', 'RUNNING') THEN NULL ELSE started_at END, finished_at
FROM diversity_score;
INSERT INTO job_event (job_id, at, from_status, to_status, attempt, message)
SELECT id, now(), NULL, status, 0, 'migrated from the diversity score (V6)' FROM job;
INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
SELECT 'job', id::text, now(), FALSE, 1, priority FROM job WHERE status = 'QUEUED';
UPDATE diversity_score SET job_id = id;
ALTER TABLE diversity_score ALTER COLUMN job_id SET NOT NULL;
CREATE UNIQUE INDEX diversity_score_job_idx ON diversity_score (job_id);
ALTER TABLE diversity_score DROP COLUMN status, DROP COLUMN version, DROP COLUMN error, DROP COLUMN started_at,
    DROP COLUMN finished_at;
