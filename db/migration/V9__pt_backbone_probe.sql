-- A finished PT run keeps its trained parameters, so its backbone can probe diversity scores
-- ("probe": {"kind": "PT_BACKBONE", "jobId": ...}); scores record the job whose backbone they used.
CREATE TABLE training_model (
    run_id  UUID PRIMARY KEY REFERENCES training_run (id) ON DELETE CASCADE,
    content BYTEA NOT NULL
);
ALTER TABLE diversity_score ADD COLUMN probe_job_id UUID REFERENCES job (id);
