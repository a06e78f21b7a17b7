package io.metadiv.diversity.api;

import io.metadiv.dataset.DatasetReferences;
import io.metadiv.dataset.DatasetUse;
import io.metadiv.experiment.TrainingRunReferences;
import io.metadiv.job.JobStatus;
import io.metadiv.probe.ProbeModelReferences;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** Reads scores; reports scores whose job is still active as references that block a dataset or probe delete. */
@Service
class DiversityScores implements DatasetReferences, ProbeModelReferences, TrainingRunReferences {

    private final DiversityScoreRepository scores;
    private final DatasetUse datasets;

    DiversityScores(DiversityScoreRepository scores, DatasetUse datasets) {
        this.scores = scores;
        this.datasets = datasets;
    }

    /** A dataset's scores, newest first. */
    // One snapshot for the row and its job (loaded by a second statement): never a SUCCEEDED job without results.
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    List<DiversityScore> list(UUID datasetId) {
        datasets.requireExists(datasetId);
        return scores.findByDatasetIdOrderByCreatedAtDesc(datasetId);
    }

    /** One score of a dataset. */
    // One snapshot for the row and its job (loaded by a second statement): never a SUCCEEDED job without results.
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    DiversityScore get(UUID datasetId, UUID scoreId) {
        return scores.findById(scoreId).filter(s -> s.getDatasetId().equals(datasetId))
                .orElseThrow(() -> new DiversityScoreNotFoundException(datasetId, scoreId));
    }

    @Override
    public List<String> referencesToProbeModel(UUID modelId) {
        return describe(scores.findByProbeModelIdAndJobStatusIn(modelId, JobStatus.activeSet()));
    }

    @Override
    public List<String> referencesToTrainingJob(UUID jobId) {
        return describe(scores.findByProbeJobIdAndJobStatusIn(jobId, JobStatus.activeSet()));
    }

    @Override
    public List<String> referencesTo(UUID datasetId) {
        return describe(scores.findByDatasetIdAndJobStatusIn(datasetId, JobStatus.activeSet()));
    }

    private static List<String> describe(List<DiversityScore> active) {
        return active.stream().map(s -> "diversity score " + s.getId() + " (job " + s.getJob().getId() + ", "
                + s.getJob().getStatus() + ")").toList();
    }
}
