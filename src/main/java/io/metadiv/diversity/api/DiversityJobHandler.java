package io.metadiv.diversity.api;

import ai.djl.ndarray.NDManager;
import io.metadiv.dataset.DatasetTensors;
import io.metadiv.diversity.DiversityCalculator;
import io.metadiv.diversity.DiversityResult;
import io.metadiv.diversity.Probe;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.ImageSet;
import io.metadiv.job.JobHandler;
import io.metadiv.job.JobKind;
import io.metadiv.job.JobRun;
import io.metadiv.nn.TorchRuntime;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Computes a diversity score on a worker. Scores are seeded, so a second delivery of the same job computes the same
 * coefficient; the result is written only through {@link JobRun#succeed}, with the SUCCEEDED status.
 */
@Component
class DiversityJobHandler implements JobHandler {

    private final DiversityScoreRepository scores;
    private final DatasetTensors tensors;
    private final ScoreProbes probes;

    DiversityJobHandler(DiversityScoreRepository scores, DatasetTensors tensors, ScoreProbes probes) {
        this.scores = scores;
        this.tensors = tensors;
        this.probes = probes;
    }

    @Override
    public JobKind kind() {
        return JobKind.DIVERSITY;
    }

    @Override
    public void run(JobRun run) {
        UUID id = run.subjectId();
        DiversityScore score = scores.findById(id)
                .orElseThrow(() -> new IllegalStateException("diversity score " + id + " no longer exists"));
        ScoreSettings s = score.settings();
        ImageSet images = tensors.load(score.getDatasetId());
        List<Integer> train = ClassSplit.of(images.numClasses(), s.split(), s.splitSeed()).train();
        run.progress(0, s.tasks());
        DiversityResult result;
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                Probe probe = probes.open(s, images, manager)) {
            result = new DiversityCalculator(probe, s.toDiversitySettings()).compute(images, train, manager,
                    done -> run.progress(done, s.tasks()));
        }
        run.succeed(() -> scores.findById(id).orElseThrow().recordResult(result));
    }
}
