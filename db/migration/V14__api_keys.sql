-- API keys: who may call the API, with which role. Only a SHA-256 of each key is stored (the key is shown once, when
-- it is created); a revoked key keeps its row, for the record, and authenticates no more.
CREATE TABLE api_key (
    id           UUID PRIMARY KEY,
    name         VARCHAR(100) NOT NULL,
    role         VARCHAR(16)  NOT NULL CHECK (role IN ('READER', 'OPERATOR', 'ADMIN')),
    prefix       VARCHAR(12)  NOT NULL, -- the key's first characters, to recognise it in a list
    key_hash     CHAR(64)     NOT NULL UNIQUE, -- lower-case hex SHA-256 of the whole key; the lookup
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_key_active_role_idx ON api_key (role) WHERE revoked_at IS NULL;
