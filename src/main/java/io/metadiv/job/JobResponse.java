package io.metadiv.job;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as served.
 *
 * @param id job id
 * @param kind DIVERSITY, TRAINING or INGEST
 * @param subjectId the feature's row (the diversity score, the training run, the dataset ingest)
 * @param resultId the row it produced when that is not its subject (INGEST: the dataset), else null
 * @param status QUEUED, RUNNING, CANCELLING, SUCCEEDED, FAILED or CANCELLED
 * @param priority higher runs first
 * @param attempts attempts started (a graceful worker shutdown gives its attempt back)
 * @param maxAttempts attempts allowed before it ends FAILED
 * @param worker the worker that holds or last held it
 * @param progress progress of the current or last attempt
 * @param error the last error (type and a short message; stack traces stay in the worker's log)
 * @param createdAt submitted
 * @param startedAt the last attempt started
 * @param finishedAt ended
 * @param history every status change, oldest first
 */
public record JobResponse(UUID id, JobKind kind, UUID subjectId, UUID resultId, JobStatus status, int priority, int attempts,
        int maxAttempts, String worker, Progress progress, Error error, Instant createdAt, Instant startedAt,
        Instant finishedAt, List<Event> history) {

    /**
     * Progress.
     *
     * @param step steps done
     * @param of steps in all
     * @param etaSeconds seconds to completion at the current rate (null when unknown)
     */
    @Schema(name = "JobProgress")
    public record Progress(Integer step, Integer of, Long etaSeconds) {
    }

    /**
     * Last error.
     *
     * @param type exception type
     * @param message short message
     */
    @Schema(name = "JobError")
    public record Error(String type, String message) {
    }

    /**
     * One history line.
     *
     * @param at when (database clock)
     * @param from previous status (null at submission)
     * @param to new status
     * @param worker worker at the time
     * @param attempt attempt number at the time
     * @param message what happened
     */
    @Schema(name = "JobHistoryEvent")
    public record Event(Instant at, JobStatus from, JobStatus to, String worker, int attempt, String message) {
    }

    static JobResponse of(Job job, List<JobEvent> events) {
        return new JobResponse(job.getId(), job.getKind(), job.getSubjectId(), job.getResultId(), job.getStatus(), job.getPriority(),
                job.getAttempts(), job.getMaxAttempts(), job.getWorkerId(),
                new Progress(job.getProgressDone(), job.getProgressTotal(), job.etaSeconds()),
                job.getErrorType() == null ? null : new Error(job.getErrorType(), job.getErrorMessage()),
                job.getCreatedAt(), job.getStartedAt(), job.getFinishedAt(),
                events.stream().map(e -> new Event(e.getAt(), e.getFromStatus(), e.getToStatus(), e.getWorkerId(),
                        e.getAttempt(), e.getMessage())).toList());
    }
}
