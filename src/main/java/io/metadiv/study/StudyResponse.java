package io.metadiv.study;

import io.metadiv.diversity.api.DiversityRequest;
import io.metadiv.job.JobStatus;
import io.metadiv.study.analysis.ProbeAgreement;
import io.metadiv.study.analysis.QuantityVariety;
import io.metadiv.study.analysis.StudyAnalysis;
import io.metadiv.training.RunSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A study: its progress over every job, each dataset's score and each run, and once every job ended the analysis.
 *
 * @param status RUNNING while a job is queued or running; then SUCCEEDED, or FAILED when a job did not succeed
 *     (the analysis then covers the runs that did)
 * @param request the request as resolved, defaults filled in
 * @param analysis null until every job ended
 * @param quantityVariety a QUANTITY_VS_VARIETY study's answer: accuracy per added image as new classes and as more
 *     images per class, per method (null for other designs and until every job ended)
 * @param robustness the analysis under the second probe (null without one)
 */
@Schema(name = "Study")
record StudyResponse(UUID id, String name, Instant createdAt, String status, Progress progress,
        List<DatasetEntry> datasets, List<RunEntry> runs, StudyAnalysis analysis, QuantityVariety quantityVariety,
        Robustness robustness,
        StudyRequest request, Links links) {

    /**
     * Jobs of the study, reused ones included.
     *
     * @param reused scores and runs that were already done or under way when the study was submitted
     */
    record Progress(int jobs, int ended, int succeeded, int failed, int reused) {
    }

    /**
     * A dataset and its diversity score under a probe.
     *
     * @param probe the probe as computed (null until SUCCEEDED)
     */
    @Schema(name = "StudyDataset")
    record DatasetEntry(UUID datasetId, String name, UUID scoreId, UUID jobId, boolean reused, JobStatus status,
            Double coefficient, Double ci95, String probe) {
    }

    /**
     * The same runs analysed under the second probe's diversity coefficients.
     *
     * @param analysis null until every job ended
     * @param agreement whether the verdict holds under both probes (null until both analyses exist)
     */
    @Schema(name = "StudyRobustness")
    record Robustness(DiversityRequest.ProbeRequest probe, List<DatasetEntry> datasets, StudyAnalysis analysis,
            ProbeAgreement agreement) {
    }

    /** One training run of the grid. */
    @Schema(name = "StudyRun")
    record RunEntry(UUID datasetId, RunSpec.Method method, long seed, UUID runId, UUID jobId, boolean reused,
            JobStatus status, Double accuracy, Double ci95) {
    }

    /**
     * Where to look next.
     *
     * @param report the report page for people (HTML): the question, the plot, the tables, the verdict, the lineage
     */
    @Schema(name = "StudyLinks")
    record Links(String self, String plotPng, String plotSvg,
            @Schema(description = "The report page for people (HTML; not an API operation): the question, plot, "
                    + "tables, verdict and lineage", example = "/studies/0b4f5d0e-1c2a-4d3b-9e8f-7a6b5c4d3e2f")
            String report) {
    }
}
