-- Baseline: features add their own tables in later migrations.
CREATE TABLE IF NOT EXISTS metadiv_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO metadiv_info (key, value) VALUES ('schema_origin', 'metadiv') ON CONFLICT DO NOTHING;
