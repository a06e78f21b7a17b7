package io.metadiv.diversity.api;

import io.metadiv.job.JobStatus;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Diversity scores. */
interface DiversityScoreRepository extends JpaRepository<DiversityScore, UUID> {

    /** A dataset's scores, newest first. */
    List<DiversityScore> findByDatasetIdOrderByCreatedAtDesc(UUID datasetId);

    /** A dataset's scores whose job is in the given statuses. */
    List<DiversityScore> findByDatasetIdAndJobStatusIn(UUID datasetId, Collection<JobStatus> statuses);

    /** The scores using a probe model whose job is in the given statuses. */
    List<DiversityScore> findByProbeModelIdAndJobStatusIn(UUID probeModelId, Collection<JobStatus> statuses);

    /** The scores under a PT run's backbone (by its TRAINING job) whose own job is in the given statuses. */
    List<DiversityScore> findByProbeJobIdAndJobStatusIn(UUID probeJobId, Collection<JobStatus> statuses);
}
