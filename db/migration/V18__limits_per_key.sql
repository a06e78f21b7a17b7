-- Limits per API key (README: Limits per key).
-- Each job records the key that submitted it (its id, never the key); NULL for open access and for jobs from before
-- V18. Keys are revoked, never deleted, so the reference always resolves.
ALTER TABLE job ADD COLUMN submitted_by_key UUID REFERENCES api_key (id);
-- The count a submission checks against metadiv.limits.concurrent-jobs-per-key: the key's active jobs.
CREATE INDEX job_submitted_by_active_idx ON job (submitted_by_key)
    WHERE status IN ('QUEUED', 'RUNNING', 'CANCELLING');

-- Bucket4j's token buckets for the upload rate, one row per key and limit setting (its PostgreSQL DDL, with a text
-- id: the key's id or "anonymous", and the setting, so a changed limit starts fresh buckets).
CREATE TABLE upload_bucket (
    id         VARCHAR(100) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
