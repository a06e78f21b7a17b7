package io.metadiv.experiment;

import io.metadiv.db.AssignedIdEntity;
import io.metadiv.job.Job;
import io.metadiv.training.RunExecutor;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * One seed of an experiment, computed by its TRAINING job: once the job SUCCEEDED, the accuracy with its CI, the
 * per-episode accuracies, the loss curve, costs and lineage. Status, error and times are the job's.
 */
@Entity
@Table(name = "training_run")
class TrainingRun extends AssignedIdEntity {

    /** Points kept of the loss curve. */
    static final int CURVE_POINTS = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private UUID experimentId;
    private long seed;
    @OneToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "job_id")
    private Job job;
    private Double accuracy;
    private Double ci95;
    private Integer episodes;
    @Column(columnDefinition = "text")
    private String episodeAccuracies;
    @Column(columnDefinition = "text")
    private String lossCurve;
    private Integer steps;
    private Integer resumedFromStep;
    private Double trainSeconds;
    private Double evalSeconds;
    private Double cpuSeconds;
    private String datasetChecksum;
    private String codeVersion;
    private String libraries;

    protected TrainingRun() {
    }

    TrainingRun(UUID experimentId, long seed) {
        super(UUID.randomUUID());
        this.experimentId = experimentId;
        this.seed = seed;
    }

    void attach(Job computedBy) {
        this.job = computedBy;
    }

    /** The results and lineage; written in the transaction that marks the job SUCCEEDED. */
    void recordResult(RunExecutor.Outcome outcome, double cpu, String checksum, String code, String libs) {
        accuracy = outcome.evaluation().accMean();
        ci95 = outcome.evaluation().accCi95();
        episodes = outcome.evaluation().episodes();
        episodeAccuracies = JSON.writeValueAsString(outcome.evaluation().accuracies());
        lossCurve = JSON.writeValueAsString(curve(outcome.training().losses(), outcome.resumedFrom()));
        steps = outcome.training().stepsDone();
        resumedFromStep = outcome.resumedFrom();
        trainSeconds = outcome.trainSeconds();
        evalSeconds = outcome.evaluation().evalSeconds();
        cpuSeconds = cpu;
        datasetChecksum = checksum;
        codeVersion = code;
        libraries = libs;
    }

    /** {@code [step, loss]} pairs, at most {@link #CURVE_POINTS}: each the mean over its stretch of steps. */
    static List<double[]> curve(List<Double> losses, int firstStep) {
        List<double[]> points = new ArrayList<>();
        int n = losses.size();
        int stride = Math.max(1, (int) Math.ceil(n / (double) CURVE_POINTS));
        for (int start = 0; start < n; start += stride) {
            int end = Math.min(n, start + stride);
            double sum = 0;
            for (int i = start; i < end; i++) {
                sum += losses.get(i);
            }
            points.add(new double[] {firstStep + end, sum / (end - start)});
        }
        return points;
    }



    UUID getExperimentId() {
        return experimentId;
    }

    long getSeed() {
        return seed;
    }

    Job getJob() {
        return job;
    }

    Double getAccuracy() {
        return accuracy;
    }

    Double getCi95() {
        return ci95;
    }

    Integer getEpisodes() {
        return episodes;
    }

    double[] getEpisodeAccuracies() {
        return episodeAccuracies == null ? null : JSON.readValue(episodeAccuracies, double[].class);
    }

    double[][] getLossCurve() {
        return lossCurve == null ? null : JSON.readValue(lossCurve, double[][].class);
    }

    Integer getSteps() {
        return steps;
    }

    Integer getResumedFromStep() {
        return resumedFromStep;
    }

    Double getTrainSeconds() {
        return trainSeconds;
    }

    Double getEvalSeconds() {
        return evalSeconds;
    }

    Double getCpuSeconds() {
        return cpuSeconds;
    }

    String getDatasetChecksum() {
        return datasetChecksum;
    }

    String getCodeVersion() {
        return codeVersion;
    }

    String getLibraries() {
        return libraries;
    }
}
