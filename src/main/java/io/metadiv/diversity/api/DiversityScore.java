package io.metadiv.diversity.api;

import io.metadiv.diversity.DiversityResult;
import io.metadiv.diversity.ProbeKind;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One diversity score of a dataset: its settings and probe (fixed at creation), status, and results. Status changes
 * only through {@link #start}, {@link #succeed} and {@link #fail}, which check {@link ScoreStatus}'s transition table;
 * the {@code version} column makes concurrent changes fail instead of overwriting each other.
 */
@Entity
@Table(name = "diversity_score")
public class DiversityScore {

    @Id
    private UUID id;
    private UUID datasetId;
    @Enumerated(EnumType.STRING)
    private ScoreStatus status;
    @Version
    private long version;

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
    private String error;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;

    protected DiversityScore() {
    }

    /**
     * A new QUEUED score.
     *
     * @param datasetId the dataset
     * @param settings resolved request settings
     */
    DiversityScore(UUID datasetId, ScoreSettings settings) {
        this.id = UUID.randomUUID();
        this.datasetId = datasetId;
        this.status = ScoreStatus.QUEUED;
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
        this.createdAt = Instant.now();
    }

    private void moveTo(ScoreStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("diversity score " + id + " cannot go from " + status + " to " + next);
        }
        status = next;
    }

    /** QUEUED → RUNNING. */
    void start() {
        moveTo(ScoreStatus.RUNNING);
        startedAt = Instant.now();
    }

    /** RUNNING → QUEUED: the process computing it stopped before it finished. */
    void requeue() {
        moveTo(ScoreStatus.QUEUED);
        startedAt = null;
    }

    /** RUNNING → SUCCEEDED with the results. */
    void succeed(DiversityResult result) {
        moveTo(ScoreStatus.SUCCEEDED);
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
        finishedAt = Instant.now();
    }

    /** QUEUED or RUNNING → FAILED with a message. */
    void fail(String message) {
        moveTo(ScoreStatus.FAILED);
        error = message;
        finishedAt = Instant.now();
    }

    /** The settings this score was requested with. */
    ScoreSettings settings() {
        return new ScoreSettings(tasks, ways, shots, queries, seed, fisherSamples, noiseTasks, headSteps,
                headLearningRate, ScoreSettings.parseSplit(split), splitSeed, probeKind, probeSeed, probeHidden,
                probeModelId);
    }

    UUID getId() {
        return id;
    }

    UUID getDatasetId() {
        return datasetId;
    }

    ScoreStatus getStatus() {
        return status;
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

    String getError() {
        return error;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getStartedAt() {
        return startedAt;
    }

    Instant getFinishedAt() {
        return finishedAt;
    }
}
