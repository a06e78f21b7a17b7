package io.metadiv.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import io.metadiv.web.Caller;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** What features and the API do with jobs: submit one with its subject, read it and its history, cancel it. */
@Service
public class Jobs {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final Scheduler scheduler;
    private final DatabaseClock clock;
    private final JdbcTemplate jdbc;
    private final JobProperties properties;
    private final KeyJobLimit keyLimit;

    Jobs(JobRepository jobs, JobEventRepository events, Scheduler scheduler, DatabaseClock clock,
            JdbcTemplate jdbc, JobProperties properties, KeyJobLimit keyLimit) {
        this.keyLimit = keyLimit;
        this.jobs = jobs;
        this.events = events;
        this.scheduler = scheduler;
        this.clock = clock;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Stores a QUEUED job and its db-scheduler execution in the caller's transaction, so the feature's row, the job
     * and its execution commit together or not at all.
     *
     * @param kind what it computes
     * @param subjectId the feature's row
     * @param priority higher runs first
     * @throws JobQueueFullException when {@code metadiv.jobs.queue-capacity} jobs of this kind wait already
     * @throws io.metadiv.limits.LimitExceededException at commit, when the transaction's jobs take the calling key
     *         over {@code metadiv.limits.concurrent-jobs-per-key} ({@link KeyJobLimit})
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job submit(JobKind kind, UUID subjectId, int priority) {
        // One submitter of a kind at a time between count and insert, so the capacity holds under concurrency.
        jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?))", "metadiv-job-queue-" + kind);
        long queued = jobs.countByKindAndStatus(kind, JobStatus.QUEUED);
        if (queued >= properties.queueCapacity()) {
            throw new JobQueueFullException(kind, queued, properties.retryAfter());
        }
        Job job = new Job(kind, subjectId, priority, properties.maxAttempts(), Caller.keyId(), clock.now());
        jobs.save(job);
        keyLimit.queued(job.getSubmittedByKey());
        events.saveAll(job.drainEvents());
        scheduler.schedule(new TaskInstance.Builder<Void>(JobTask.NAME, job.getId().toString()).priority(priority)
                .scheduledTo(clock.now()));
        // Wake this process's poller once the execution is visible (db-scheduler's own immediate execution fires
        // inside the still-open transaction and finds nothing); other workers find it at their next poll.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                scheduler.triggerCheckForDueExecutions();
            }
        });
        return job;
    }

    /** One job. */
    @Transactional(readOnly = true)
    public Job get(UUID id) {
        return jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /** Its history, oldest first. */
    @Transactional(readOnly = true)
    public List<JobEvent> history(UUID id) {
        return events.findByJobIdOrderByIdAsc(id);
    }

    /**
     * Cancels: a QUEUED job ends CANCELLED at once; a RUNNING one goes CANCELLING and its worker stops between tasks;
     * a CANCELLING one is left as it is.
     *
     * @throws JobFinishedException when the job already ended
     */
    @Transactional
    public Job cancel(UUID id) {
        Job job = jobs.lock(id).orElseThrow(() -> new JobNotFoundException(id));
        if (!job.getStatus().active()) {
            throw new JobFinishedException(job);
        }
        boolean queued = job.getStatus() == JobStatus.QUEUED;
        job.requestCancel(clock.now());
        events.saveAll(job.drainEvents());
        if (queued) {
            try {
                scheduler.cancel(TaskInstanceId.of(JobTask.NAME, id.toString()));
            } catch (RuntimeException e) {
                // Picked a moment ago: the worker's claim finds it CANCELLED and does nothing.
                log.debug("execution of cancelled job {} not removed: {}", id, e.getMessage());
            }
        }
        return job;
    }
}
