package io.metadiv.diversity.api;

import ai.djl.ndarray.NDManager;
import io.metadiv.dataset.DatasetNotFoundException;
import io.metadiv.dataset.DatasetReferences;
import io.metadiv.dataset.DatasetTensors;
import io.metadiv.diversity.DiversityCalculator;
import io.metadiv.diversity.DiversityResult;
import io.metadiv.diversity.DiversitySettings;
import io.metadiv.diversity.Probe;
import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.RandomConv4Probe;
import io.metadiv.diversity.TorchScriptProbe;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.ImageSet;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.TorchRuntime;
import io.metadiv.probe.ProbeModel;
import io.metadiv.probe.ProbeModelReferences;
import io.metadiv.probe.ProbeModels;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Validates diversity requests against their dataset, stores them QUEUED and computes them one at a time on
 * {@link DiversityConfiguration#EXECUTOR} (a stand-in until the job service with leases exists; unfinished scores
 * resume when the service starts again). Also reports QUEUED/RUNNING scores as references that block a dataset delete.
 */
@Service
class DiversityService implements DatasetReferences, ProbeModelReferences {

    private static final Logger log = LoggerFactory.getLogger(DiversityService.class);

    private final DiversityScoreRepository scores;
    private final DatasetTensors tensors;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ExecutorService executor;
    private final ProbeModels probeModels;

    DiversityService(DiversityScoreRepository scores, DatasetTensors tensors, JdbcTemplate jdbc,
            TransactionTemplate tx, @Qualifier(DiversityConfiguration.EXECUTOR) ExecutorService executor,
            ProbeModels probeModels) {
        this.probeModels = probeModels;
        this.scores = scores;
        this.tensors = tensors;
        this.jdbc = jdbc;
        this.tx = tx;
        this.executor = executor;
    }

    /**
     * Validates, stores a QUEUED score and schedules it.
     *
     * @throws DatasetNotFoundException when the dataset does not exist
     * @throws IllegalArgumentException when the settings do not fit the dataset (nothing is stored)
     */
    DiversityScore submit(UUID datasetId, DiversityRequest request) {
        ScoreSettings settings = ScoreSettings.resolve(request);
        ImageSet images = tensors.load(datasetId);
        validate(settings, images);
        DiversityScore score = tx.execute(status -> {
            // FOR SHARE: a concurrent delete (FOR UPDATE, then DatasetReferences) cannot cross this insert
            List<UUID> row = jdbc.queryForList("SELECT id FROM dataset WHERE id = ? FOR SHARE", UUID.class,
                    datasetId);
            if (row.isEmpty()) {
                throw new DatasetNotFoundException(datasetId);
            }
            if (settings.probeModelId() != null && !probeModels.lockForUse(settings.probeModelId())) {
                throw new IllegalArgumentException("probe model " + settings.probeModelId() + " was deleted");
            }
            return scores.save(new DiversityScore(datasetId, settings));
        });
        UUID id = score.getId();
        try {
            executor.execute(() -> run(id));
        } catch (RejectedExecutionException e) {
            return finish(id, s -> s.fail("diversity queue is full, try again later"));
        }
        return score;
    }

    /**
     * Picks up the scores a previous run of the service left unfinished: QUEUED ones are scheduled again and
     * RUNNING ones (their process stopped mid-computation) are re-queued first. Scores are seeded, so a recomputed
     * score equals the one that was interrupted; none stays active forever and blocks its dataset's delete.
     * Until the job service brings leases, this assumes one service process computes scores.
     */
    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        for (DiversityScore unfinished : scores.findByStatusIn(List.of(ScoreStatus.QUEUED, ScoreStatus.RUNNING))) {
            UUID id = unfinished.getId();
            if (unfinished.getStatus() == ScoreStatus.RUNNING) {
                finish(id, DiversityScore::requeue);
            }
            log.info("diversity score {} resumed after a restart", id);
            try {
                executor.execute(() -> run(id));
            } catch (RejectedExecutionException e) {
                finish(id, s -> s.fail("diversity queue is full, try again later"));
            }
        }
    }

    void validate(ScoreSettings s, ImageSet images) {
        if (s.probeKind() == ProbeKind.PT_BACKBONE) {
            throw new IllegalArgumentException("probe kind PT_BACKBONE needs PT training runs, which this service "
                    + "does not run yet; use RANDOM_CONV4, or export the backbone with torch.jit.save and use "
                    + "TORCHSCRIPT");
        }
        DiversitySettings core = s.toDiversitySettings();
        ClassSplit split = ClassSplit.of(images.numClasses(), s.split(), s.splitSeed());
        List<Integer> train = split.train();
        if (s.ways() > train.size()) {
            throw new IllegalArgumentException("ways " + s.ways() + " > " + train.size() + " meta-train classes of "
                    + "this dataset (split " + s.splitText() + " of " + images.numClasses() + " classes)");
        }
        List<int[]> byClass = images.indicesByClass();
        int fewest = train.stream().mapToInt(c -> byClass.get(c).length).min().orElse(0);
        if (s.shots() + s.queries() > fewest) {
            throw new IllegalArgumentException("shots + queries = " + (s.shots() + s.queries()) + " > " + fewest
                    + " images in the smallest meta-train class");
        }
        if (core.noiseTasks() > core.tasks()) {
            throw new IllegalArgumentException("noiseTasks must be <= tasks");
        }
        if (s.probeKind() == ProbeKind.TORCHSCRIPT) {
            checkModelFits(s.probeModelId(), images);
        } else {
            new Conv4(s.probeHidden(), images.channels(), images.height());
        }
    }

    /** Loads the model and runs it on two blank images of the dataset's shape: what does not fit is a 400 now. */
    private void checkModelFits(UUID modelId, ImageSet images) {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                TorchScriptProbe probe = openModel(modelId, manager)) {
            probe.check(images.channels(), images.height());
        }
    }

    private TorchScriptProbe openModel(UUID modelId, NDManager manager) {
        ProbeModel model = probeModels.find(modelId).orElseThrow(() -> new IllegalArgumentException(
                "no probe model " + modelId + " (see GET /api/v1/probes)"));
        return probeModels.open(model, manager);
    }

    /** The score's probe, in {@code manager}. */
    private Probe openProbe(ScoreSettings s, ImageSet images, NDManager manager) {
        if (s.probeKind() == ProbeKind.TORCHSCRIPT) {
            return openModel(s.probeModelId(), manager);
        }
        return RandomConv4Probe.create(new Conv4(s.probeHidden(), images.channels(), images.height()), s.probeSeed(),
                manager);
    }

    /** Computes a QUEUED score; runs on the executor. */
    void run(UUID id) {
        DiversityScore started;
        try {
            started = finish(id, DiversityScore::start);
        } catch (ObjectOptimisticLockingFailureException | IllegalStateException e) {
            log.warn("diversity score {} not started: {}", id, e.getMessage());
            return;
        }
        try {
            ScoreSettings s = started.settings();
            ImageSet images = tensors.load(started.getDatasetId());
            List<Integer> train = ClassSplit.of(images.numClasses(), s.split(), s.splitSeed()).train();
            DiversityResult result;
            try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                    Probe probe = openProbe(s, images, manager)) {
                result = new DiversityCalculator(probe, s.toDiversitySettings()).compute(images, train, manager,
                        done -> log.debug("diversity score {}: {}/{} tasks", id, done, s.tasks()));
            }
            finish(id, score -> score.succeed(result));
        } catch (RuntimeException e) {
            log.error("diversity score {} failed", id, e);
            finish(id, score -> score.fail(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private DiversityScore finish(UUID id, java.util.function.Consumer<DiversityScore> change) {
        return tx.execute(status -> {
            DiversityScore score = scores.findById(id).orElseThrow();
            change.accept(score);
            return scores.saveAndFlush(score);
        });
    }

    /** A dataset's scores, newest first. */
    List<DiversityScore> list(UUID datasetId) {
        tensorsExist(datasetId);
        return scores.findByDatasetIdOrderByCreatedAtDesc(datasetId);
    }

    /** One score of a dataset. */
    DiversityScore get(UUID datasetId, UUID scoreId) {
        return scores.findById(scoreId).filter(s -> s.getDatasetId().equals(datasetId))
                .orElseThrow(() -> new DiversityScoreNotFoundException(datasetId, scoreId));
    }

    private void tensorsExist(UUID datasetId) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM dataset WHERE id = ?", Integer.class, datasetId);
        if (n == null || n == 0) {
            throw new DatasetNotFoundException(datasetId);
        }
    }

    @Override
    public List<String> referencesToProbeModel(UUID modelId) {
        return scores.findByProbeModelIdAndStatusIn(modelId, EnumSet.of(ScoreStatus.QUEUED, ScoreStatus.RUNNING))
                .stream().map(s -> "diversity score " + s.getId() + " (" + s.getStatus() + ")").toList();
    }

    @Override
    public List<String> referencesTo(UUID datasetId) {
        return scores.findByDatasetIdAndStatusIn(datasetId, EnumSet.of(ScoreStatus.QUEUED, ScoreStatus.RUNNING))
                .stream().map(s -> "diversity score " + s.getId() + " (" + s.getStatus() + ")").toList();
    }
}
