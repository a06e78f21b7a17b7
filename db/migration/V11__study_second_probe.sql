-- A study may score every dataset under a second probe as well (probe 1), to check that its verdict does not hinge
-- on the probe; probe 0 is the study's own.
ALTER TABLE study_score ADD COLUMN probe INT NOT NULL DEFAULT 0 CHECK (probe IN (0, 1));
ALTER TABLE study_score DROP CONSTRAINT study_score_pkey;
ALTER TABLE study_score ADD PRIMARY KEY (study_id, probe, dataset_id);
