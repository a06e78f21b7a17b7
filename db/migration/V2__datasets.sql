-- Datasets: metadata rows plus content-addressed tensor blobs (see io.metadiv.dataset.format.TensorBlob).

-- Blob bytes when metadiv.blob-store=postgres (the default), so API and workers share only the database.
-- No foreign key from dataset: the filesystem store keeps its blobs outside this table.
CREATE TABLE dataset_blob (
    checksum   VARCHAR(64) PRIMARY KEY,
    size_bytes BIGINT      NOT NULL,
    data       BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE dataset (
    id                      UUID PRIMARY KEY,
    name                    VARCHAR(200)     NOT NULL,
    format                  VARCHAR(32)      NOT NULL,
    class_count             INT              NOT NULL,
    image_count             INT              NOT NULL,
    min_images_per_class    INT              NOT NULL,
    median_images_per_class DOUBLE PRECISION NOT NULL,
    max_images_per_class    INT              NOT NULL,
    image_size              INT              NOT NULL,
    channels                INT              NOT NULL CHECK (channels IN (1, 3)),
    upload_bytes            BIGINT           NOT NULL,
    blob_bytes              BIGINT           NOT NULL,
    -- One dataset per content: concurrent identical uploads race on this constraint and the loser answers the winner.
    checksum                VARCHAR(64)      NOT NULL CONSTRAINT dataset_checksum_key UNIQUE,
    created_at              TIMESTAMPTZ      NOT NULL
);
CREATE INDEX dataset_created_at_idx ON dataset (created_at);

-- Class names and sizes; label = index in the blob's class list.
CREATE TABLE dataset_class (
    dataset_id  UUID NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    label       INT  NOT NULL,
    name        TEXT NOT NULL,
    image_count INT  NOT NULL,
    PRIMARY KEY (dataset_id, label)
);
