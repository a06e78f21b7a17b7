package io.metadiv.diversity.api;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Diversity scores. */
interface DiversityScoreRepository extends JpaRepository<DiversityScore, UUID> {

    /** A dataset's scores, newest first. */
    List<DiversityScore> findByDatasetIdOrderByCreatedAtDesc(UUID datasetId);

    /** The scores in the given states. */
    List<DiversityScore> findByStatusIn(Collection<ScoreStatus> statuses);

    List<DiversityScore> findByDatasetIdAndStatusIn(UUID datasetId, Collection<ScoreStatus> statuses);

    /** The scores using a probe model, in the given states. */
    List<DiversityScore> findByProbeModelIdAndStatusIn(UUID probeModelId, Collection<ScoreStatus> statuses);
}
