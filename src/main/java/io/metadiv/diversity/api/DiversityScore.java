package io.metadiv.diversity.api;

import io.metadiv.db.AssignedIdEntity;
import io.metadiv.diversity.DiversityResult;
import io.metadiv.diversity.ProbeKind;
import io.metadiv.job.Job;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One diversity score of a dataset: its settings and probe (fixed at creation) and, once its job SUCCEEDED, the
 * results. Status, error and timings belong to its {@link Job}, the one place they are kept.
 */
@Entity
@Table(name = "diversity_score")
public class DiversityScore extends AssignedIdEntity {

    private UUID datasetId;
    @OneToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "job_id")
    private Job job;

    private int tasks;
    private int ways;
    private int shots;
    private int queries;
    private long seed;
    private int fisherSamples;
    private int noiseTasks;
    private int headSteps;
    private double headLearningRate;
    private String split;
    private long splitSeed;

    @Enumerated(EnumType.STRING)
    private ProbeKind probeKind;
    private long probeSeed;
    private int probeHidden;
    private UUID probeModelId;
    private UUID probeJobId;
    private String probeDescription;

    private Double coefficient;
    private Double ci95;
    private Integer pairs;
    private Double distMin;
    private Double distMax;
    private Double noiseFloor;
    private Double embedMsMedian;
    private Double embedMsMean;
    private Double computeSeconds;
    @Convert(converter = MatrixJson.class)
    @Column(columnDefinition = "text")
    private double[][] distances;
    @Convert(converter = MatrixJson.class)
    @Column(columnDefinition = "text")
    private double[][] embeddings;
    private Instant createdAt;

    protected DiversityScore() {
    }

    /**
     * A new QUEUED score.
     *
     * @param datasetId the dataset
     * @param settings resolved request settings
     * @param createdAt when it was requested
     */
    DiversityScore(UUID datasetId, ScoreSettings settings, Instant createdAt) {
        super(UUID.randomUUID());
        this.datasetId = datasetId;
        this.tasks = settings.tasks();
        this.ways = settings.ways();
        this.shots = settings.shots();
        this.queries = settings.queries();
        this.seed = settings.seed();
        this.fisherSamples = settings.fisherSamples();
        this.noiseTasks = settings.noiseTasks();
        this.headSteps = settings.headSteps();
        this.headLearningRate = settings.headLearningRate();
        this.split = settings.splitText();
        this.splitSeed = settings.splitSeed();
        this.probeKind = settings.probeKind();
        this.probeSeed = settings.probeSeed();
        this.probeHidden = settings.probeHidden();
        this.probeModelId = settings.probeModelId();
        this.probeJobId = settings.probeJobId();
        this.createdAt = createdAt;
    }

    /** The job that computes it (set once, before the score is stored). */
    void attach(Job computedBy) {
        this.job = computedBy;
    }


    /** The results; written in the transaction that marks the job SUCCEEDED. */
    void recordResult(DiversityResult result) {
        coefficient = result.coefficient().coefficient();
        ci95 = result.coefficient().ci95();
        pairs = result.coefficient().pairs();
        distMin = result.coefficient().min();
        distMax = result.coefficient().max();
        noiseFloor = result.noiseTasks() > 0 ? result.noiseFloor() : null;
        embedMsMedian = result.embedMillisMedian();
        embedMsMean = result.embedMillisMean();
        computeSeconds = result.seconds();
        distances = result.coefficient().distances();
        List<float[]> e = result.embeddings();
        embeddings = new double[e.size()][];
        for (int i = 0; i < e.size(); i++) {
            embeddings[i] = new double[e.get(i).length];
            for (int k = 0; k < e.get(i).length; k++) {
                embeddings[i][k] = e.get(i)[k];
            }
        }
        probeDescription = result.probe();
    }

    /** The settings this score was requested with. */
    ScoreSettings settings() {
        return new ScoreSettings(tasks, ways, shots, queries, seed, fisherSamples, noiseTasks, headSteps,
                headLearningRate, ScoreSettings.parseSplit(split), splitSeed, probeKind, probeSeed, probeHidden,
                probeModelId, probeJobId);
    }


    UUID getDatasetId() {
        return datasetId;
    }

    Job getJob() {
        return job;
    }

    String getProbeDescription() {
        return probeDescription;
    }

    Double getCoefficient() {
        return coefficient;
    }

    Double getCi95() {
        return ci95;
    }

    Integer getPairs() {
        return pairs;
    }

    Double getDistMin() {
        return distMin;
    }

    Double getDistMax() {
        return distMax;
    }

    Double getNoiseFloor() {
        return noiseFloor;
    }

    Double getEmbedMsMedian() {
        return embedMsMedian;
    }

    Double getEmbedMsMean() {
        return embedMsMean;
    }

    Double getComputeSeconds() {
        return computeSeconds;
    }

    double[][] getDistances() {
        return distances;
    }

    double[][] getEmbeddings() {
        return embeddings;
    }

    Instant getCreatedAt() {
        return createdAt;
    }
}
