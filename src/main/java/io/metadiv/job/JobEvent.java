package io.metadiv.job;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One line of a job's append-only history: a status change (or a takeover), by whom, at which attempt, and why. */
@Entity
@Table(name = "job_event")
public class JobEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private UUID jobId;
    private Instant at;
    @Enumerated(EnumType.STRING)
    private JobStatus fromStatus;
    @Enumerated(EnumType.STRING)
    private JobStatus toStatus;
    private String workerId;
    private int attempt;
    private String message;

    protected JobEvent() {
    }

    JobEvent(UUID jobId, Instant at, JobStatus from, JobStatus to, String workerId, int attempt, String message) {
        this.jobId = jobId;
        this.at = at;
        this.fromStatus = from;
        this.toStatus = to;
        this.workerId = workerId;
        this.attempt = attempt;
        this.message = message;
    }

    public Instant getAt() {
        return at;
    }

    public JobStatus getFromStatus() {
        return fromStatus;
    }

    public JobStatus getToStatus() {
        return toStatus;
    }

    public String getWorkerId() {
        return workerId;
    }

    public int getAttempt() {
        return attempt;
    }

    public String getMessage() {
        return message;
    }
}
