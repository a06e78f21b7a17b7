package io.metadiv.experiment;

import io.metadiv.db.AssignedIdEntity;
import io.metadiv.training.RunSpec;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One experiment: a dataset, a method and its resolved settings, trained once per seed ({@link TrainingRun}). */
@Entity
@Table(name = "experiment")
class Experiment extends AssignedIdEntity {

    private UUID datasetId;
    @Enumerated(EnumType.STRING)
    private RunSpec.Method method;
    @Convert(converter = SpecJson.class)
    @Column(columnDefinition = "text")
    private RunSpec settings;
    private String idempotencyKey;
    private String requestHash;
    private Instant createdAt;

    protected Experiment() {
    }

    Experiment(UUID datasetId, RunSpec settings, String idempotencyKey, String requestHash, Instant createdAt) {
        super(UUID.randomUUID());
        this.datasetId = datasetId;
        this.method = settings.method();
        this.settings = settings;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.createdAt = createdAt;
    }



    UUID getDatasetId() {
        return datasetId;
    }

    RunSpec.Method getMethod() {
        return method;
    }

    RunSpec getSettings() {
        return settings;
    }

    String getRequestHash() {
        return requestHash;
    }

    Instant getCreatedAt() {
        return createdAt;
    }
}
