package io.metadiv.job;

import io.metadiv.db.AssignedIdEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A job: what it is for, its status, attempts, the worker holding it, progress and last error. Status changes only
 * through the intent methods, which check {@link JobStatus}'s table and each append a {@link JobEvent}; rows are
 * changed under a row lock ({@link JobRepository#lock}), so no two changes interleave.
 */
@Entity
@Table(name = "job")
public class Job extends AssignedIdEntity {

    /** Longest error message kept; the stack trace goes to the log. */
    static final int MAX_ERROR_LENGTH = 1000;

    @Enumerated(EnumType.STRING)
    private JobKind kind;
    private UUID subjectId;
    @Enumerated(EnumType.STRING)
    private JobStatus status;
    private int priority;
    private int attempts;
    private int maxAttempts;
    private String workerId;
    private UUID leaseId;
    private Integer progressDone;
    private Integer progressTotal;
    private Instant progressAt;
    private String errorType;
    private String errorMessage;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    /** The row the job produced when that is not its subject (an ingest: the dataset), else null. */
    private UUID resultId;
    /** The API key that submitted it (its id), or null for open access. */
    private UUID submittedByKey;

    @Transient
    private final List<JobEvent> pendingEvents = new ArrayList<>();

    protected Job() {
    }

    Job(JobKind kind, UUID subjectId, int priority, int maxAttempts, UUID submittedByKey, Instant now) {
        super(UUID.randomUUID());
        this.submittedByKey = submittedByKey;
        this.kind = kind;
        this.subjectId = subjectId;
        this.status = JobStatus.QUEUED;
        this.priority = priority;
        this.maxAttempts = maxAttempts;
        this.createdAt = now;
        record(null, "submitted", now);
    }

    private void moveTo(JobStatus next, String message, Instant now) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("job " + getId() + " cannot go from " + status + " to " + next);
        }
        JobStatus from = status;
        status = next;
        if (!next.active()) {
            finishedAt = now;
        }
        record(from, message, now);
    }

    private void record(JobStatus from, String message, Instant now) {
        pendingEvents.add(new JobEvent(getId(), now, from, status, workerId, attempts, message));
    }

    /** Events appended since the job was loaded, for the store to save; clears them. */
    List<JobEvent> drainEvents() {
        List<JobEvent> events = List.copyOf(pendingEvents);
        pendingEvents.clear();
        return events;
    }

    /** Whether every attempt is spent. */
    boolean attemptsExhausted() {
        return attempts >= maxAttempts;
    }

    /**
     * QUEUED (or RUNNING under a lost lease) → RUNNING on {@code worker} with a new lease and one more attempt.
     *
     * @return the new lease
     */
    Lease claim(String worker, Instant now) {
        String previous = status == JobStatus.RUNNING ? workerId : null;
        attempts++;
        workerId = worker;
        leaseId = UUID.randomUUID();
        startedAt = now;
        progressDone = null;
        progressTotal = null;
        progressAt = null;
        moveTo(JobStatus.RUNNING, previous == null ? "claimed" : "taken over from " + previous, now);
        return new Lease(getId(), worker, leaseId, attempts);
    }

    /** Whether {@code lease} is still this job's and the job still runs (fencing check of every worker write). */
    boolean heldBy(Lease lease) {
        return status.running() && lease.leaseId().equals(leaseId);
    }

    /** A line in the history without a status change (e.g. where a run resumed). */
    void note(String message, Instant now) {
        record(status, message, now);
    }

    /** Progress of the running attempt. */
    void progress(int done, int total, Instant now) {
        progressDone = done;
        progressTotal = total;
        progressAt = now;
    }

    /** Whether the job already ended under {@code lease} (a retried write after an uncertain commit). */
    boolean endedUnder(Lease lease) {
        return !status.active() && lease.leaseId().equals(leaseId);
    }

    /** RUNNING or CANCELLING → SUCCEEDED. */
    void succeed(UUID result, Instant now) {
        resultId = result;
        moveTo(JobStatus.SUCCEEDED, "succeeded", now);
    }

    /**
     * A failed attempt: back to QUEUED while attempts remain, else FAILED. The error is kept either way.
     *
     * @return whether the job will be retried
     */
    boolean failAttempt(String type, String message, Instant now) {
        errorType = type;
        errorMessage = truncate(message);
        if (status == JobStatus.CANCELLING) {
            moveTo(JobStatus.CANCELLED, "cancelled; the attempt ended with " + type, now);
            return false;
        }
        if (attemptsExhausted()) {
            moveTo(JobStatus.FAILED, "failed after " + attempts + " attempts: " + type, now);
            return false;
        }
        moveTo(JobStatus.QUEUED, "attempt " + attempts + " failed (" + type + "), will retry", now);
        return true;
    }

    /** FAILED without a run: its attempts were spent, or nothing on this worker can run its kind. */
    void giveUp(String type, String message, Instant now) {
        errorType = type;
        errorMessage = truncate(message);
        moveTo(JobStatus.FAILED, message, now);
    }

    /** RUNNING → QUEUED: this worker is stopping; the attempt does not count. */
    void returnToQueue(String reason, Instant now) {
        attempts--;
        moveTo(JobStatus.QUEUED, reason, now);
    }

    /**
     * The worker holding it stopped heartbeating: a cancelling job ends CANCELLED, a running one goes back to the queue
     * (or FAILED once its attempts are spent).
     *
     * @return whether it should run again
     */
    boolean revive(String deadWorker, Instant now) {
        leaseId = null; // the dead worker's lease is void from here on
        String reason = "worker " + deadWorker + " stopped heartbeating";
        if (status == JobStatus.CANCELLING) {
            moveTo(JobStatus.CANCELLED, reason + " while cancelling", now);
            return false;
        }
        errorType = "WorkerLost";
        errorMessage = reason;
        if (attemptsExhausted()) {
            moveTo(JobStatus.FAILED, reason + "; gave up after " + attempts + " attempts", now);
            return false;
        }
        moveTo(JobStatus.QUEUED, reason + "; revived", now);
        return true;
    }

    /** A cancel request: QUEUED → CANCELLED at once, RUNNING → CANCELLING (the worker stops between tasks). */
    void requestCancel(Instant now) {
        if (status == JobStatus.QUEUED) {
            moveTo(JobStatus.CANCELLED, "cancelled before it ran", now);
        } else if (status == JobStatus.RUNNING) {
            moveTo(JobStatus.CANCELLING, "cancel requested", now);
        }
    }

    /** CANCELLING → CANCELLED: the worker stopped. */
    void cancelled(Instant now) {
        moveTo(JobStatus.CANCELLED, "cancelled between tasks", now);
    }

    private static String truncate(String message) {
        if (message == null) {
            return null;
        }
        return message.length() <= MAX_ERROR_LENGTH ? message : message.substring(0, MAX_ERROR_LENGTH) + "…";
    }

    /** Seconds to completion at the current rate, or null when unknown. */
    public Long etaSeconds() {
        if (!status.running() || progressDone == null || progressTotal == null || progressDone <= 0
                || startedAt == null || progressAt == null) {
            return null;
        }
        double perStep = Duration.between(startedAt, progressAt).toMillis() / (double) progressDone;
        return Math.round(perStep * (progressTotal - progressDone) / 1000.0);
    }



    public JobKind getKind() {
        return kind;
    }

    public UUID getSubjectId() {
        return subjectId;
    }

    public JobStatus getStatus() {
        return status;
    }

    public int getPriority() {
        return priority;
    }

    public int getAttempts() {
        return attempts;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public String getWorkerId() {
        return workerId;
    }

    public Integer getProgressDone() {
        return progressDone;
    }

    public Integer getProgressTotal() {
        return progressTotal;
    }

    public String getErrorType() {
        return errorType;
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public UUID getResultId() {
        return resultId;
    }

    public UUID getSubmittedByKey() {
        return submittedByKey;
    }
}
