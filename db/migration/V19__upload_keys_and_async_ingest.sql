-- Uploads that produced a dataset, keyed by the SHA-256 of the raw upload bytes together with what changes the
-- decoded result (format, image size, channels; a version's parent): a re-upload of known bytes answers the dataset
-- without decoding. Several keys may name one dataset (the same images zipped twice); they go with it.
CREATE TABLE dataset_upload (
    upload_key  CHAR(64)    PRIMARY KEY,
    description TEXT        NOT NULL, -- what was hashed, e.g. "format=ZIP_IMAGE_FOLDER imageSize=28 channels=1 file=<sha256>"
    dataset_id  UUID        NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX dataset_upload_dataset_idx ON dataset_upload (dataset_id);

-- An asynchronous ingest (Prefer: respond-async, or an upload above metadiv.dataset.async-above-bytes): the subject
-- of an INGEST job. Its raw parts wait in upload_chunk, where a worker in any process can read them, until the job
-- ingested or failed them.
CREATE TABLE dataset_ingest (
    id           UUID         PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    format       VARCHAR(32)  NOT NULL,
    image_size   INT          NOT NULL,
    channels     INT          NOT NULL,
    upload_key   CHAR(64)     NOT NULL,
    description  TEXT         NOT NULL,
    upload_bytes BIGINT       NOT NULL,
    dataset_id   UUID         REFERENCES dataset (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Raw upload parts in slices, so neither the request nor the worker holds a whole upload in memory.
CREATE TABLE upload_chunk (
    ingest_id UUID    NOT NULL REFERENCES dataset_ingest (id) ON DELETE CASCADE,
    part      VARCHAR(16) NOT NULL, -- file, images or labels
    seq       INT     NOT NULL,
    data      BYTEA   NOT NULL,
    PRIMARY KEY (ingest_id, part, seq)
);

-- A job may name the row it produced (an ingest: the dataset, which identical content may have made before).
ALTER TABLE job ADD COLUMN result_id UUID;
ALTER TABLE job DROP CONSTRAINT job_kind_check;
ALTER TABLE job ADD CONSTRAINT job_kind_check CHECK (kind IN ('DIVERSITY', 'TRAINING', 'INGEST'));
