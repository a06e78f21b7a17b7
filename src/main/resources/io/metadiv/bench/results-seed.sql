-- Load seed: 10 datasets, 20,000 experiments of 5 seeds = 100,000 SUCCEEDED training runs (the result rows), plus
-- 1,000 experiments with one RUNNING run and 1,000 with one FAILED run, and one default-probe diversity score per
-- dataset. Rows only, no blobs: enough for the list queries, not for training. Ids are md5-derived, so reruns on
-- an empty database give the same rows.
INSERT INTO dataset (id, name, format, class_count, image_count, min_images_per_class, median_images_per_class,
                     max_images_per_class, image_size, channels, upload_bytes, blob_bytes, checksum, created_at)
SELECT md5('dataset' || d)::uuid, 'load-' || d, 'ZIP_IMAGE_FOLDER', 20, 400, 20, 20, 20, 28, 1, 1000, 1000,
       md5('dataset' || d) || md5('dataset' || d), now() - interval '60 days' + d * interval '1 minute'
FROM generate_series(1, 10) d;

INSERT INTO job (id, kind, subject_id, status, priority, attempts, max_attempts, created_at, started_at, finished_at)
SELECT md5('scorejob' || d)::uuid, 'DIVERSITY', md5('score' || d)::uuid, 'SUCCEEDED', 0, 1, 3,
       now() - interval '59 days', now() - interval '59 days', now() - interval '59 days' + d * interval '1 second'
FROM generate_series(1, 10) d;
INSERT INTO diversity_score (id, dataset_id, tasks, ways, shots, queries, seed, fisher_samples, noise_tasks,
                             head_steps, head_learning_rate, split, split_seed, probe_kind, probe_seed, probe_hidden,
                             coefficient, created_at, job_id)
SELECT md5('score' || d)::uuid, md5('dataset' || d)::uuid, 20, 5, 5, 15, 0, 0, 0, 100, 0.001, 'ALL', 0,
       'RANDOM_CONV4', 0, 64, 0.05 + d * 0.01, now() - interval '59 days', md5('scorejob' || d)::uuid
FROM generate_series(1, 10) d;

-- e = 1..22,000: 1..20,000 have 5 SUCCEEDED runs; 20,001..21,000 one RUNNING; 21,001..22,000 one FAILED.
INSERT INTO experiment (id, dataset_id, method, settings, created_at)
SELECT md5('experiment' || e)::uuid, md5('dataset' || (1 + e % 10))::uuid, m,
       json_build_object('method', m, 'arch', a, 'hidden', 64,
                         'widths', CASE a WHEN 'RESNET12' THEN '[64,160,320,640]'::json ELSE '[64,64,64,64]'::json END,
                         'ways', 5, 'shots', 1 + (e / 7) % 5, 'queries', 15, 'iterations', 100 * (1 + e % 7),
                         'trainSeconds', 0, 'metaBatch', 4, 'innerSteps', 5, 'innerStepsTest', 10, 'innerLr', 0.01,
                         'outerLr', 0.001, 'ptBatch', 64, 'ptLr', 0.001, 'evalEpisodes', 200, 'evalSeed', 0,
                         'split', '[0.5,0,0.5]'::json, 'splitSeed', 0, 'splitInOrder', false, 'seed', 0)::text,
       now() - interval '50 days' + e * interval '1 minute'
FROM generate_series(1, 22000) e,
     LATERAL (SELECT (ARRAY['HO_MAML', 'FO_MAML', 'PT'])[1 + e % 3] AS m,
                     CASE WHEN e % 4 = 0 THEN 'RESNET12' ELSE 'CONV4' END AS a) s;

INSERT INTO job (id, kind, subject_id, status, priority, attempts, max_attempts, created_at, started_at, finished_at)
SELECT md5('job' || r)::uuid, 'TRAINING', md5('run' || r)::uuid,
       CASE WHEN r <= 100000 THEN 'SUCCEEDED' WHEN r <= 101000 THEN 'RUNNING' ELSE 'FAILED' END, 0, 1, 3,
       created, created + interval '1 second',
       CASE WHEN r <= 100000 OR r > 101000 THEN created + (60 + r % 600) * interval '1 second' END
FROM generate_series(1, 102000) r,
     LATERAL (SELECT now() - interval '50 days' + (CASE WHEN r <= 100000 THEN (r + 4) / 5 ELSE r - 80000 END)
                     * interval '1 minute' AS created) c;

INSERT INTO training_run (id, experiment_id, seed, job_id, accuracy, ci95, episodes, steps, resumed_from_step,
                          train_seconds, eval_seconds, cpu_seconds, dataset_checksum, code_version, libraries)
SELECT md5('run' || r)::uuid,
       md5('experiment' || CASE WHEN r <= 100000 THEN (r + 4) / 5 ELSE r - 80000 END)::uuid,
       CASE WHEN r <= 100000 THEN (r - 1) % 5 ELSE 0 END, md5('job' || r)::uuid,
       ok.accuracy, ok.ci95, ok.episodes, ok.steps, ok.resumed, ok.train, ok.eval, ok.cpu, ok.checksum, ok.code,
       ok.libs
FROM generate_series(1, 102000) r
LEFT JOIN LATERAL (SELECT 0.2 + (r * 7919 % 8000) / 10000.0 AS accuracy, 0.01 AS ci95, 200 AS episodes,
                          100 AS steps, 0 AS resumed, 10 + r % 500 AS train, 2.5 AS eval, 30.0 AS cpu,
                          md5('dataset') AS checksum, 'load-seed' AS code, 'DJL 0.36.0' AS libs) ok ON r <= 100000;

-- Rows inserted directly: recount the totals the triggers keep (V17).
SELECT result_count_rebuild();
ANALYZE dataset;
ANALYZE diversity_score;
ANALYZE experiment;
ANALYZE job;
ANALYZE training_run;
