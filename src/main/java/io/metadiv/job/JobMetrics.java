package io.metadiv.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Job metrics on {@code /actuator/prometheus}: queue depth per kind (from the database, so every process reports
 * the cluster's queue), jobs running on this worker, durations by kind and final status, failed attempts, retries,
 * revivals of dead workers' jobs, and runs stopped because their lease was lost.
 */
@Component
class JobMetrics {

    private static final long QUEUE_CACHE_NANOS = 5_000_000_000L;

    private final MeterRegistry registry;
    private final JobRepository jobs;
    private final AtomicInteger running = new AtomicInteger();
    private volatile Map<JobKind, Long> queued = new EnumMap<>(JobKind.class);
    private volatile long queuedAt;
    private volatile boolean queuedKnown;

    JobMetrics(MeterRegistry registry, JobRepository jobs, WorkerProperties worker) {
        this.registry = registry;
        this.jobs = jobs;
        for (JobKind kind : JobKind.values()) {
            Gauge.builder("metadiv.jobs.queued", () -> queued(kind)).tag("kind", kind.name())
                    .description("Jobs waiting for a worker").register(registry);
        }
        Gauge.builder("metadiv.jobs.running", running, AtomicInteger::get).tag("worker", worker.id())
                .description("Jobs running on this worker").register(registry);
    }

    private synchronized double queued(JobKind kind) {
        if (!queuedKnown || System.nanoTime() - queuedAt > QUEUE_CACHE_NANOS) {
            try {
                Map<JobKind, Long> counts = new EnumMap<>(JobKind.class);
                for (Object[] row : jobs.countByKindAndStatusIn(List.of(JobStatus.QUEUED))) {
                    counts.put((JobKind) row[0], (Long) row[2]);
                }
                queued = counts;
                queuedAt = System.nanoTime();
                queuedKnown = true;
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }
        return queued.getOrDefault(kind, 0L);
    }

    void started() {
        running.incrementAndGet();
    }

    void stopped() {
        running.decrementAndGet();
    }

    /** A job ended; its duration runs from the start of its last attempt. */
    void finished(Job job, Instant startedAt) {
        if (startedAt != null && job.getFinishedAt() != null) {
            Timer.builder("metadiv.jobs.duration").tag("kind", job.getKind().name())
                    .tag("status", job.getStatus().name()).description("Last attempt's run time of ended jobs")
                    .register(registry).record(Duration.between(startedAt, job.getFinishedAt()));
        }
    }

    void failure(JobKind kind) {
        counter("metadiv.jobs.failures", kind, "Failed attempts").increment();
    }

    void retry(JobKind kind) {
        counter("metadiv.jobs.retries", kind, "Failed attempts queued again").increment();
    }

    void revival(JobKind kind) {
        counter("metadiv.jobs.revivals", kind, "Jobs of dead workers queued again").increment();
    }

    void leaseLost(JobKind kind) {
        counter("metadiv.jobs.lease.lost", kind, "Runs stopped because another worker took the job").increment();
    }

    private Counter counter(String name, JobKind kind, String description) {
        return Counter.builder(name).tag("kind", kind.name()).description(description).register(registry);
    }
}
