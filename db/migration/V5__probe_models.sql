-- TorchScript models uploaded to serve as Task2Vec probes. The archive itself is kept (content), so a score can be
-- recomputed, e.g. when a stopped service resumes it; conv_weights lists what the Fisher is taken of.
CREATE TABLE probe_model (
    id                  UUID PRIMARY KEY,
    name                VARCHAR(200) NOT NULL,
    sha256              CHAR(64)     NOT NULL UNIQUE,
    size_bytes          BIGINT       NOT NULL,
    conv_weights        TEXT         NOT NULL, -- JSON [{"name": "conv1.weight", "shape": [8, 1, 3, 3]}, ...]
    embedding_dimension INT          NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    content             BYTEA        NOT NULL
);

-- A TORCHSCRIPT score names its model; deleting the model later keeps the score (its probe_description keeps the
-- model's name and checksum). probe_seed and probe_hidden are 0 for such scores: they describe Conv4 probes only.
ALTER TABLE diversity_score
    ADD COLUMN probe_model_id UUID REFERENCES probe_model (id) ON DELETE SET NULL;
CREATE INDEX diversity_score_probe_model_idx ON diversity_score (probe_model_id);
