-- Each dataset's diversity under the default probe (random Conv4-64, seed 0: diversity.RandomConv4Probe and
-- nn.Conv4 defaults), the latest SUCCEEDED such score, kept on the dataset by triggers. The result rows read it
-- as a column: sorting 100,000 rows by diversity no longer runs a subquery per row (~3 s), and every page skips one.
ALTER TABLE dataset ADD COLUMN default_diversity DOUBLE PRECISION;

CREATE FUNCTION dataset_default_diversity_refresh(target UUID) RETURNS void LANGUAGE sql AS $$
    UPDATE dataset d SET default_diversity = (
        SELECT s.coefficient FROM diversity_score s JOIN job sj ON sj.id = s.job_id
        WHERE s.dataset_id = d.id AND sj.status = 'SUCCEEDED' AND s.probe_kind = 'RANDOM_CONV4'
          AND s.probe_seed = 0 AND s.probe_hidden = 64
        ORDER BY sj.finished_at DESC LIMIT 1)
    WHERE d.id = target;
$$;
SELECT dataset_default_diversity_refresh(id) FROM dataset;

CREATE FUNCTION dataset_default_diversity_on_score() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM dataset_default_diversity_refresh(OLD.dataset_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.dataset_id IS DISTINCT FROM OLD.dataset_id) THEN
        PERFORM dataset_default_diversity_refresh(NEW.dataset_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER dataset_default_diversity_on_score AFTER INSERT OR DELETE OR UPDATE OF coefficient, dataset_id,
    job_id, probe_kind, probe_seed, probe_hidden ON diversity_score FOR EACH ROW
    EXECUTE FUNCTION dataset_default_diversity_on_score();

-- A score's job entering or leaving SUCCEEDED (or finishing again later) changes which score is the latest.
CREATE FUNCTION dataset_default_diversity_on_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM dataset_default_diversity_refresh(s.dataset_id) FROM diversity_score s WHERE s.job_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER dataset_default_diversity_on_job AFTER UPDATE OF status, finished_at ON job FOR EACH ROW
    WHEN (NEW.kind = 'DIVERSITY' AND (NEW.status = 'SUCCEEDED' OR OLD.status = 'SUCCEEDED'))
    EXECUTE FUNCTION dataset_default_diversity_on_job();

CREATE INDEX dataset_default_diversity_idx ON dataset (default_diversity);
