-- A number that changes whenever a result row may have changed: the results page cache (experiment.ResultsCache)
-- keys its pages on it. A sequence, not a counter row: a row would serialise (and could deadlock) every transaction
-- that finishes a job. The triggers are deferred to commit, so the number moves a few microseconds before the rows
-- become visible; the cache's short time-to-live bounds that race. Job progress updates do not move it.
CREATE SEQUENCE results_version;

CREATE FUNCTION results_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('results_version');
    RETURN NULL;
END
$$;

-- A job entering or leaving SUCCEEDED: a training run's row appears or goes, or a dataset's diversity changes.
CREATE CONSTRAINT TRIGGER results_version_job_status AFTER UPDATE OF status ON job
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status AND (NEW.status = 'SUCCEEDED' OR OLD.status = 'SUCCEEDED'))
    EXECUTE FUNCTION results_version_bump();
CREATE CONSTRAINT TRIGGER results_version_job_rows AFTER INSERT OR DELETE ON job
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION results_version_bump();
CREATE CONSTRAINT TRIGGER results_version_run AFTER UPDATE ON training_run
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.accuracy IS DISTINCT FROM NEW.accuracy OR OLD.ci95 IS DISTINCT FROM NEW.ci95
          OR OLD.train_seconds IS DISTINCT FROM NEW.train_seconds)
    EXECUTE FUNCTION results_version_bump();
CREATE CONSTRAINT TRIGGER results_version_run_rows AFTER INSERT OR DELETE ON training_run
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION results_version_bump();
CREATE CONSTRAINT TRIGGER results_version_experiment AFTER DELETE ON experiment
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION results_version_bump();
CREATE CONSTRAINT TRIGGER results_version_dataset_name AFTER UPDATE ON dataset
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION results_version_bump();
CREATE CONSTRAINT TRIGGER results_version_dataset_rows AFTER DELETE ON dataset
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION results_version_bump();
CREATE CONSTRAINT TRIGGER results_version_score AFTER UPDATE ON diversity_score
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.coefficient IS DISTINCT FROM NEW.coefficient)
    EXECUTE FUNCTION results_version_bump();
CREATE CONSTRAINT TRIGGER results_version_score_rows AFTER INSERT OR DELETE ON diversity_score
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION results_version_bump();
