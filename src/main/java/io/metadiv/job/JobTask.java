package io.metadiv.job;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one db-scheduler task, {@value #NAME}: an execution's instance id is a job id. Running it claims the job, runs its
 * kind's {@link JobHandler} and records how it ended; the returned completion removes the execution or reschedules
 * it for a retry. A dead worker's execution comes to {@link #deadExecution}.
 */
@Component
class JobTask implements SmartLifecycle {

    /** db-scheduler task name. */
    static final String NAME = "job";

    private static final Logger log = LoggerFactory.getLogger(JobTask.class);

    private final JobLifecycle lifecycle;
    private final JobMetrics metrics;
    private final WorkerProperties worker;
    private final DatabaseClock clock;
    private final Map<JobKind, JobHandler> handlers = new EnumMap<>(JobKind.class);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Set<UUID> runningHere = ConcurrentHashMap.newKeySet();
    private volatile boolean lifecycleRunning;

    JobTask(JobLifecycle lifecycle, JobMetrics metrics, WorkerProperties worker, DatabaseClock clock,
            List<JobHandler> handlers) {
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.worker = worker;
        this.clock = clock;
        handlers.forEach(h -> this.handlers.put(h.kind(), h));
    }

    CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
        UUID id = UUID.fromString(instance.getId());
        runningHere.add(id);
        try {
            return claimAndRun(id);
        } finally {
            runningHere.remove(id);
        }
    }

    private CompletionHandler<Void> claimAndRun(UUID id) {
        if (stopping.get()) {
            // Stopping (or paused) but still polled: leave the job to other workers, and do not spin on it here.
            return reschedule(clock.now().plusSeconds(1));
        }
        Optional<JobLifecycle.Claim> claim = lifecycle.claim(id, worker.id());
        if (claim.isEmpty()) {
            return remove();
        }
        Job job = claim.get().job();
        Lease lease = claim.get().lease();
        JobHandler handler = handlers.get(job.getKind());
        if (handler == null) {
            lifecycle.giveUp(lease, "NoHandler", "no handler for " + job.getKind() + " jobs on worker " + worker.id());
            return remove();
        }
        log.info("job {} ({}) attempt {} started on {}", id, job.getKind(), lease.attempt(), worker.id());
        metrics.started();
        JobRun run = new JobRun(job, lease, lifecycle, stopping::get);
        try {
            handler.run(run);
            if (run.gaveUp()) {
                return remove();
            }
            if (!run.succeeded()) {
                return failed(lease, new IllegalStateException("the handler returned without a result"));
            }
            log.info("job {} succeeded on {}", id, worker.id());
            return remove();
        } catch (JobInterruptedException e) {
            if (run.gaveUp()) {
                log.info("job {} failed for good on {} while it ran; this run's work is discarded", id, worker.id());
                return remove();
            }
            return switch (e.reason()) {
                case CANCELLED -> {
                    lifecycle.cancelled(lease);
                    log.info("job {} cancelled on {}", id, worker.id());
                    yield remove();
                }
                case LEASE_LOST -> {
                    metrics.leaseLost(job.getKind());
                    log.warn("job {}: worker {} lost its lease (attempt {}); another worker holds the job, this "
                            + "run's work is discarded", id, worker.id(), lease.attempt());
                    yield (complete, operations) -> { }; // the execution belongs to the new owner now
                }
                case WORKER_STOPPING -> {
                    lifecycle.returnToQueue(lease);
                    yield reschedule(clock.now());
                }
            };
        } catch (PermanentJobFailure e) {
            if (run.giveUp(e.type(), e.getMessage())) {
                log.warn("job {} failed for good on {}: {}: {}", id, worker.id(), e.type(), e.getMessage());
            }
            return remove();
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            if (run.gaveUp()) {
                return remove();
            }
            log.error("job {} attempt {} failed on {}", id, lease.attempt(), worker.id(), e);
            return failed(lease, e);
        } finally {
            metrics.stopped();
        }
    }

    private CompletionHandler<Void> failed(Lease lease, Throwable error) {
        Optional<Instant> retryAt = lifecycle.fail(lease, error);
        return retryAt.map(this::reschedule).orElseGet(JobTask::remove);
    }

    void deadExecution(ExecutionComplete complete, ExecutionOperations<Void> operations) {
        String dead = complete.getExecution().pickedBy;
        UUID id = UUID.fromString(complete.getExecution().taskInstance.getId());
        if (worker.id().equals(dead) && runningHere.contains(id)) {
            // Our own execution, still running: its heartbeat went stale while the database was unreachable.
            // It beats again now that the database is back; reviving it would only run the job twice.
            log.info("job {}: heartbeat of its execution here is stale, but it still runs here; not revived", id);
            return;
        }
        if (lifecycle.revive(id, dead)) {
            log.warn("job {}: worker {} stopped heartbeating; revived", id, dead);
            operations.reschedule(complete, clock.now());
        } else {
            operations.remove();
        }
    }

    private static CompletionHandler<Void> remove() {
        return (complete, operations) -> operations.remove();
    }

    private CompletionHandler<Void> reschedule(Instant at) {
        return (complete, operations) -> operations.reschedule(complete, at);
    }

    // Stopped before db-scheduler (which waits for running executions): running jobs see "stopping" at their next
    // progress report and go back to the queue for another worker instead of holding shutdown up.
    @Override
    public void start() {
        // A stopped context can be started again (Spring's test context cache pauses and resumes contexts): from
        // then on, jobs run here again instead of being handed back at once.
        stopping.set(false);
        lifecycleRunning = true;
    }

    @Override
    public void stop() {
        stopping.set(true);
        lifecycleRunning = false;
    }

    @Override
    public boolean isRunning() {
        return lifecycleRunning;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
