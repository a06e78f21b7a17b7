package io.metadiv.study;

import io.metadiv.training.RunSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * What {@code POST /api/v1/studies} would do with a request, and what it would cost: the jobs it would queue after
 * reuse, estimated seconds and CPU-hours per method and for the diversity scores, and the wall time on the workers
 * seen. Nothing is stored.
 *
 * @param request the request as resolved, defaults filled in
 * @param totals over the jobs that would be queued
 * @param workers what the wall time assumes
 * @param methods one entry per method
 * @param diversity the diversity scores, one per dataset
 * @param datasets per dataset, which score and runs would be reused and what each would cost
 */
@Schema(name = "StudyPlan", description = "Dry run of a study: jobs to queue after reuse and their estimated cost")
record StudyPlan(StudyRequest request, Totals totals, Workers workers, List<MethodPlan> methods, ScorePlan diversity,
        List<DatasetPlan> datasets) {

    /** How an estimate was made. */
    static final String MEASURED = "measured";
    static final String MODEL = "model";

    /**
     * Over the jobs a submission would queue now (reused ones cost nothing).
     *
     * @param jobs scores and runs to queue
     * @param scores diversity scores to queue
     * @param runs training runs to queue
     * @param reused scores and runs that would be reused instead
     * @param jobSeconds the sum of their estimated seconds
     * @param cpuHours their estimated CPU-hours
     * @param longestJobSeconds the longest of them
     * @param wallSeconds {@code max(jobSeconds / (workers × slots), longestJobSeconds)}: the jobs spread over every
     *     slot of the workers seen, and never less than the longest job; jobs already queued are not counted
     */
    @Schema(name = "StudyPlanTotals")
    record Totals(int jobs, int scores, int runs, int reused, double jobSeconds, double cpuHours,
            double longestJobSeconds, double wallSeconds, String note) {
    }

    /**
     * The workers the wall time spreads the jobs over.
     *
     * @param workers workers seen alive lately (1 when none was seen)
     * @param slots jobs each runs at once
     * @param seen false when {@code workers} is the fallback 1
     * @param note how they were counted
     */
    @Schema(name = "StudyPlanWorkers")
    record Workers(int workers, int slots, boolean seen, String note) {
    }

    /**
     * One method's runs: every dataset × seed.
     *
     * @param runs runs in the study
     * @param reused of which reused
     * @param toQueue of which queued
     * @param secondsPerRun estimated train + eval seconds of one run (the mean over datasets when their images differ)
     * @param seconds the sum over the runs to queue
     * @param cpuHours CPU-hours of the runs to queue
     * @param estimates one per image shape of the datasets
     */
    @Schema(name = "StudyPlanMethod")
    record MethodPlan(RunSpec.Method method, int runs, int reused, int toQueue, double secondsPerRun, double seconds,
            double cpuHours, List<Estimate> estimates) {
    }

    /**
     * The diversity scores: one per dataset under the study's settings and probe.
     *
     * @param count scores in the study
     * @param reused of which reused
     * @param toQueue of which queued
     * @param secondsPerScore estimated seconds of one (the mean over datasets when their images differ)
     * @param seconds the sum over the scores to queue
     * @param cpuHours CPU-hours of the scores to queue
     * @param estimates one per image shape of the datasets
     */
    @Schema(name = "StudyPlanScores")
    record ScorePlan(int count, int reused, int toQueue, double secondsPerScore, double seconds, double cpuHours,
            List<Estimate> estimates) {
    }

    /**
     * The estimate of one job on datasets of one image shape.
     *
     * @param datasetIds the study's datasets of this shape
     * @param secondsPerJob wall seconds of one job: a run's train + eval, a score's computation
     * @param trainSeconds a run's training part (null for a score)
     * @param evalSeconds a run's meta-test part (null for a score)
     * @param cpuSecondsPerJob CPU seconds of one job
     * @param basis {@code measured}: from finished jobs of this deployment with comparable settings; {@code model}:
     *     nothing comparable was measured, so the cost model scaled the nearest measured configuration or the
     *     figures of bench/RESULTS.md
     * @param samples finished jobs the estimate rests on (0 for bench figures)
     * @param note how it was computed, with the figures used
     */
    @Schema(name = "StudyPlanEstimate")
    record Estimate(int imageSize, int channels, List<UUID> datasetIds, double secondsPerJob, Double trainSeconds,
            Double evalSeconds, double cpuSecondsPerJob,
            @Schema(allowableValues = {MEASURED, MODEL}) String basis, int samples, String note) {
    }

    /** One dataset: its score and its runs. */
    @Schema(name = "StudyPlanDataset")
    record DatasetPlan(UUID datasetId, String name, int imageSize, int channels, ScoreJob score, List<RunJob> runs) {
    }

    /**
     * A dataset's score.
     *
     * @param reusedScoreId the score a submission would reuse (SUCCEEDED or under way), or null when it would queue one
     * @param seconds its estimate (a reused score costs nothing)
     */
    @Schema(name = "StudyPlanScore")
    record ScoreJob(boolean reused, UUID reusedScoreId, double seconds) {
    }

    /**
     * A run of the grid.
     *
     * @param reusedRunId the SUCCEEDED run a submission would reuse, or null when it would queue one
     * @param seconds its estimate (a reused run costs nothing)
     */
    @Schema(name = "StudyPlanRun")
    record RunJob(RunSpec.Method method, long seed, boolean reused, UUID reusedRunId, double seconds) {
    }
}
