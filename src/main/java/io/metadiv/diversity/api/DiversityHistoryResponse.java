package io.metadiv.diversity.api;

import io.metadiv.dataset.DatasetFormat;
import io.metadiv.job.JobStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * The diversity coefficient along a dataset's lineage under one setting and probe.
 *
 * @param datasetId the dataset asked about (the last entry)
 * @param settings the resolved settings every score of the history has
 * @param probe the probe every score of the history has
 * @param rule when {@code diversityGained} is true or false
 * @param complete whether no score of the history is still queued or running
 * @param entries the uploaded root first, then each subset or version on the way, the dataset last
 */
@Schema(name = "DiversityHistory")
record DiversityHistoryResponse(UUID datasetId, DiversityScoreResponse.Settings settings,
        DiversityScoreResponse.Probe probe, String rule, boolean complete, List<Entry> entries) {

    /**
     * One dataset of the lineage and its score.
     *
     * @param parentId the previous entry (null for the root)
     * @param images number of images
     * @param classes number of classes
     * @param scoreId its score under these settings, or null when they do not fit it
     * @param status the score's status: QUEUED, RUNNING, CANCELLING, SUCCEEDED, FAILED or CANCELLED (null without a
     *     score)
     * @param coefficient null until SUCCEEDED
     * @param ci95 half-width of its 95% CI
     * @param diversityGained coefficient > parent's coefficient + parent's ci95; false = no diversity gained; null for
     *     the root and while either score has not SUCCEEDED
     * @param sentence the entry in words
     */
    @Schema(name = "DiversityHistoryEntry")
    record Entry(UUID datasetId, String name, DatasetFormat format, UUID parentId, int images, int classes,
            UUID scoreId, JobStatus status, Double coefficient, Double ci95,
            @Schema(description = "true when coefficient > the parent's coefficient + the parent's ci95; false = no "
                    + "diversity gained; null for the root and while either score has not SUCCEEDED")
            Boolean diversityGained,
            String sentence) {
    }
}
