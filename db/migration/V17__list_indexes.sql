-- Result rows and the experiment list under 100,000 runs: each page walks an index in its sort order instead of
-- sorting every row, and a page's total is a sum over result_count (succeeded runs per dataset, method, arch and
-- shots, kept by triggers) instead of a count over every run.
CREATE INDEX job_training_succeeded_idx ON job (finished_at, id) WHERE kind = 'TRAINING' AND status = 'SUCCEEDED';
-- A run has its results exactly when its job SUCCEEDED (written in the same transaction).
CREATE INDEX training_run_accuracy_idx ON training_run (accuracy, id) WHERE accuracy IS NOT NULL;
CREATE INDEX training_run_train_seconds_idx ON training_run (train_seconds, id) WHERE accuracy IS NOT NULL;
-- Experiments with a run in a given status: the status's jobs, then their runs' experiments, index only.
CREATE INDEX job_status_idx ON job (status, id);
CREATE INDEX training_run_job_experiment_idx ON training_run (job_id) INCLUDE (experiment_id);
CREATE INDEX dataset_name_idx ON dataset (name, id);
CREATE INDEX diversity_score_probe_idx ON diversity_score (dataset_id, probe_kind, probe_seed, probe_hidden);
CREATE INDEX experiment_created_at_idx ON experiment (created_at);
CREATE INDEX experiment_method_idx ON experiment (method, created_at);
CREATE INDEX experiment_arch_idx ON experiment ((settings::jsonb ->> 'arch'));
CREATE INDEX experiment_shots_idx ON experiment (((settings::jsonb ->> 'shots')::int));

CREATE TABLE result_count (
    dataset_id UUID        NOT NULL,
    method     VARCHAR(16) NOT NULL,
    arch       VARCHAR(16) NOT NULL,
    shots      INT         NOT NULL,
    runs       BIGINT      NOT NULL,
    PRIMARY KEY (dataset_id, method, arch, shots)
);

CREATE FUNCTION result_count_add(experiment_id UUID, delta BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO result_count (dataset_id, method, arch, shots, runs)
    SELECT e.dataset_id, e.method, e.settings::jsonb ->> 'arch', (e.settings::jsonb ->> 'shots')::int, delta
    FROM experiment e WHERE e.id = experiment_id AND delta <> 0
    ON CONFLICT (dataset_id, method, arch, shots) DO UPDATE SET runs = result_count.runs + EXCLUDED.runs;
    DELETE FROM result_count WHERE runs = 0;
$$;

-- Recounts from the rows (the migration; bench seeds that insert rows directly).
CREATE FUNCTION result_count_rebuild() RETURNS void LANGUAGE sql AS $$
    DELETE FROM result_count;
    INSERT INTO result_count (dataset_id, method, arch, shots, runs)
    SELECT e.dataset_id, e.method, e.settings::jsonb ->> 'arch', (e.settings::jsonb ->> 'shots')::int, count(*)
    FROM training_run r
    JOIN job j ON j.id = r.job_id AND j.status = 'SUCCEEDED'
    JOIN experiment e ON e.id = r.experiment_id
    GROUP BY 1, 2, 3, 4;
$$;
SELECT result_count_rebuild();

CREATE FUNCTION result_count_on_success() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM result_count_add(r.experiment_id, 1) FROM training_run r WHERE r.job_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER result_count_on_success AFTER UPDATE OF status ON job FOR EACH ROW
    WHEN (NEW.kind = 'TRAINING' AND NEW.status = 'SUCCEEDED' AND OLD.status <> 'SUCCEEDED')
    EXECUTE FUNCTION result_count_on_success();

-- Before the delete (also when a dataset delete cascades here): the runs still exist to be counted.
CREATE FUNCTION result_count_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM result_count_add(OLD.id, -(SELECT count(*) FROM training_run r JOIN job j ON j.id = r.job_id
                                       WHERE r.experiment_id = OLD.id AND j.status = 'SUCCEEDED'));
    RETURN OLD;
END
$$;
CREATE TRIGGER result_count_on_delete BEFORE DELETE ON experiment FOR EACH ROW
    EXECUTE FUNCTION result_count_on_delete();
