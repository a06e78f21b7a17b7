package io.metadiv.experiment;

import io.metadiv.job.JobStatus;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TrainingRunRepository extends JpaRepository<TrainingRun, UUID> {

    List<TrainingRun> findByExperimentIdOrderBySeedAsc(UUID experimentId);

    /** The runs of a page of experiments with their jobs in one statement (not one job select per run). */
    @Query("select r from TrainingRun r join fetch r.job where r.experimentId in :experimentIds")
    List<TrainingRun> findByExperimentIdIn(Collection<UUID> experimentIds);

    java.util.Optional<TrainingRun> findByJobId(UUID jobId);

    /** Runs of a dataset's experiments whose job is in the given statuses. */
    @Query("select r from TrainingRun r, Experiment e where r.experimentId = e.id and e.datasetId = :datasetId "
            + "and r.job.status in :statuses")
    List<TrainingRun> findByDatasetAndJobStatusIn(UUID datasetId, Collection<JobStatus> statuses);
}
