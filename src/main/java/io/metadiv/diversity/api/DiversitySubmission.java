package io.metadiv.diversity.api;

import io.metadiv.dataset.DatasetTensors;
import io.metadiv.dataset.DatasetUse;
import io.metadiv.diversity.DiversityCalculator;
import io.metadiv.diversity.DiversitySettings;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.ImageSet;
import io.metadiv.experiment.PtBackbones;
import io.metadiv.job.DatabaseClock;
import io.metadiv.job.Job;
import io.metadiv.job.JobKind;
import io.metadiv.job.Jobs;
import io.metadiv.probe.ProbeModels;
import io.metadiv.web.BadRequestException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts a diversity request: resolves its defaults, checks it against the dataset and the probe (a 400 that says
 * what would work, with nothing stored), then stores the score and its QUEUED job in one transaction. An uploaded
 * TorchScript probe is not loaded here: it is code, and runs on workers only (see {@link ScoreProbes#open}).
 */
@Service
class DiversitySubmission {

    /** Diversity scores are short: they run before training jobs of the same age. */
    static final int PRIORITY = 10;

    private final DiversityScoreRepository scores;
    private final DatasetTensors tensors;
    private final DatasetUse datasets;
    private final ProbeModels probeModels;
    private final PtBackbones backbones;
    private final ScoreProbes probes;
    private final Jobs jobs;
    private final DatabaseClock clock;
    private final TransactionTemplate tx;

    DiversitySubmission(DiversityScoreRepository scores, DatasetTensors tensors, DatasetUse datasets,
            ProbeModels probeModels, PtBackbones backbones, ScoreProbes probes, Jobs jobs, DatabaseClock clock,
            TransactionTemplate tx) {
        this.scores = scores;
        this.tensors = tensors;
        this.datasets = datasets;
        this.probeModels = probeModels;
        this.backbones = backbones;
        this.probes = probes;
        this.jobs = jobs;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Validates, then stores the score and queues its job.
     *
     * @throws io.metadiv.dataset.DatasetNotFoundException when the dataset does not exist
     * @throws BadRequestException when the settings do not fit the dataset (nothing is stored)
     * @throws io.metadiv.job.JobQueueFullException when the diversity queue is full (nothing is stored)
     */
    DiversityScore submit(UUID datasetId, DiversityRequest request) {
        ScoreSettings settings = check(datasetId, request);
        return tx.execute(status -> {
            datasets.lockForUse(datasetId);
            if (settings.probeJobId() != null) {
                backbones.lockForUse(settings.probeJobId());
            }
            if (settings.probeModelId() != null && !probeModels.lockForUse(settings.probeModelId())) {
                throw new BadRequestException("probe model " + settings.probeModelId() + " was deleted",
                        "probe.modelId");
            }
            DiversityScore score = new DiversityScore(datasetId, settings, clock.now());
            Job job = jobs.submit(JobKind.DIVERSITY, score.getId(), PRIORITY);
            score.attach(job);
            return scores.save(score);
        });
    }

    /**
     * Everything {@link #submit} checks before it stores anything.
     *
     * @return the resolved settings
     * @throws io.metadiv.dataset.DatasetNotFoundException when the dataset does not exist
     * @throws BadRequestException naming the first setting that does not fit
     */
    ScoreSettings check(UUID datasetId, DiversityRequest request) {
        datasets.requireExists(datasetId);
        return check(tensors.load(datasetId), request);
    }

    /** The same checks against images in hand (an equalised subset before it is stored). */
    ScoreSettings check(ImageSet images, DiversityRequest request) {
        ScoreSettings settings = resolve(request);
        checkFits(settings, images);
        probes.checkFits(settings, images);
        return settings;
    }

    static ScoreSettings resolve(DiversityRequest request) {
        try {
            ScoreSettings settings = ScoreSettings.resolve(request);
            settings.toDiversitySettings(); // the core's range checks
            return settings;
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** The core's check that the meta-train classes supply the tasks and that the tasks can differ at all. */
    private static void checkFits(ScoreSettings s, ImageSet images) {
        DiversitySettings core = s.toDiversitySettings();
        List<Integer> train;
        try {
            train = ClassSplit.of(images.numClasses(), s.split(), s.splitSeed()).train();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage(), "split");
        }
        List<int[]> byClass = images.indicesByClass();
        int[] perClass = train.stream().mapToInt(c -> byClass.get(c).length).toArray();
        try {
            DiversityCalculator.checkFits(core, perClass);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage() + " (split " + s.splitText() + " of "
                    + images.numClasses() + " classes gives " + train.size() + " meta-train classes)");
        }
    }
}
