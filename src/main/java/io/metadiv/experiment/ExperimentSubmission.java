package io.metadiv.experiment;

import io.metadiv.dataset.DatasetTensors;
import io.metadiv.dataset.DatasetUse;
import io.metadiv.db.Sha256;
import io.metadiv.job.DatabaseClock;
import io.metadiv.job.Job;
import io.metadiv.job.JobKind;
import io.metadiv.job.Jobs;
import io.metadiv.training.RunSpec;
import io.metadiv.web.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts an experiment: fills in the core's defaults, checks every setting and the fit to the dataset (one 400
 * naming each offending field and its allowed range, nothing stored), then stores the experiment, one run per seed
 * and their TRAINING jobs in one transaction. An {@code Idempotency-Key} makes a retried request return the first
 * experiment.
 */
@Service
class ExperimentSubmission {

    /** Training jobs run after diversity scores of the same age. */
    static final int PRIORITY = 0;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExperimentRepository experiments;
    private final TrainingRunRepository runs;
    private final DatasetUse datasets;
    private final DatasetTensors tensors;
    private final Jobs jobs;
    private final DatabaseClock clock;
    private final TransactionTemplate tx;

    ExperimentSubmission(ExperimentRepository experiments, TrainingRunRepository runs, DatasetUse datasets,
            DatasetTensors tensors, Jobs jobs, DatabaseClock clock, TransactionTemplate tx) {
        this.experiments = experiments;
        this.runs = runs;
        this.datasets = datasets;
        this.tensors = tensors;
        this.jobs = jobs;
        this.clock = clock;
        this.tx = tx;
    }

    /** What a submission gives: the experiment, and whether an earlier request with the same key made it. */
    record Submitted(Experiment experiment, boolean replayed) {
    }

    Submitted submit(ExperimentRequest request, String idempotencyKey) {
        String hash = hash(request);
        if (idempotencyKey != null) {
            Optional<Experiment> earlier = experiments.findByIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), hash, idempotencyKey);
            }
        }
        List<RunSpec.Violation> violations = new ArrayList<>();
        if (request.datasetId() == null) {
            violations.add(new RunSpec.Violation("datasetId", "is required"));
        }
        if (request.method() == null) {
            violations.add(new RunSpec.Violation("method", "is required: HO_MAML, FO_MAML or PT"));
        }
        // An empty list is absent: generated clients send [] for a list nobody set.
        List<Long> seeds = request.seeds() == null || request.seeds().isEmpty() ? List.of(0L) : request.seeds();
        if (seeds.isEmpty() || seeds.size() > ExperimentRequest.MAX_SEEDS || seeds.stream().anyMatch(java.util.Objects::isNull)
                || seeds.stream().anyMatch(s -> s < 0) || new HashSet<>(seeds).size() != seeds.size()) {
            violations.add(new RunSpec.Violation("seeds", "needs 1 to " + ExperimentRequest.MAX_SEEDS
                    + " distinct non-negative seeds, got " + seeds));
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        datasets.requireExists(request.datasetId());
        RunSpec spec = resolve(request);
        violations.addAll(spec.violations(tensors.load(request.datasetId())));
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        try {
            return new Submitted(tx.execute(status -> create(request.datasetId(), spec, idempotencyKey, hash, seeds)),
                    false);
        } catch (DataIntegrityViolationException e) {
            if (idempotencyKey == null) {
                throw e;
            }
            // A concurrent request with the same key won: answer with its experiment.
            return replay(experiments.findByIdempotencyKey(idempotencyKey).orElseThrow(() -> e), hash,
                    idempotencyKey);
        }
    }

    /**
     * Stores the experiment and queues one TRAINING job per seed, in the caller's transaction; the settings were
     * checked against the dataset.
     *
     * @return the experiment; its runs by seed are {@code runs.findByExperimentIdOrderBySeedAsc}
     */
    Experiment create(UUID datasetId, RunSpec spec, String idempotencyKey, String hash, List<Long> seeds) {
        datasets.lockForUse(datasetId);
        Experiment experiment = experiments.save(new Experiment(datasetId, spec, idempotencyKey, hash, clock.now()));
        for (long seed : seeds) {
            TrainingRun run = new TrainingRun(experiment.getId(), seed);
            Job job = jobs.submit(JobKind.TRAINING, run.getId(), PRIORITY);
            run.attach(job);
            runs.save(run);
        }
        return experiment;
    }

    private static Submitted replay(Experiment earlier, String hash, String key) {
        if (!earlier.getRequestHash().equals(hash)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                    "Idempotency-Key '" + key + "' was used for a different request (experiment " + earlier.getId()
                            + "); use a new key for a new request");
            problem.setTitle("Idempotency-Key reused");
            problem.setProperty("experimentId", earlier.getId());
            throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
        }
        return new Submitted(earlier, true);
    }

    /** The request over the core's defaults. */
    static RunSpec resolve(ExperimentRequest r) {
        return RunSpec.builder(r.method()).optArch(r.arch(), r.hidden(), r.widths())
                .optShape(r.ways(), r.shots(), r.queries()).optLength(r.iterations(), r.trainSeconds())
                .optMaml(r.metaBatch(), r.innerSteps(), r.innerStepsTest(), r.innerLr(), r.outerLr())
                .optPt(r.ptBatch(), r.ptLr()).optEvaluation(r.evalEpisodes(), r.evalSeed())
                .optSplit(r.split(), r.splitSeed()).optSplitInOrder(r.splitInOrder()).build();
    }

    static BadRequestException invalid(List<RunSpec.Violation> violations) {
        return BadRequestException.of(violations.stream()
                .map(v -> new BadRequestException.FieldError(v.field(), v.message())).toList());
    }

    private static String hash(ExperimentRequest request) {
        return Sha256.hex(JSON.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
    }
}
