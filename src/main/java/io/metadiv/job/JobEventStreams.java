package io.metadiv.job;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of jobs. The job may run in another JVM, so every open stream polls the job's row (and its new
 * per-step metrics) in PostgreSQL, every {@code metadiv.jobs.events.poll} (500 ms), and sends: {@code progress} when
 * the step moved (with the new steps' loss and time), {@code status} when the status changed, and a final
 * {@code status} before the stream closes once the job ended. A comment every 15 s keeps proxies (and Tomcat) from
 * cutting a quiet stream; the emitter times out after {@code metadiv.jobs.events.timeout} (1 h) and the client
 * reconnects.
 */
@Component
class JobEventStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);
    private static final long HEARTBEAT_NANOS = Duration.ofSeconds(15).toNanos();

    private final Jobs jobs;
    private final JobMetricHistory metrics;
    private final Duration timeout;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-events");
        t.setDaemon(true);
        return t;
    });
    private final Map<SseEmitter, Stream> open = new ConcurrentHashMap<>();

    /** What a stream last sent. */
    private static final class Stream {
        final UUID jobId;
        JobStatus status;
        Integer step;
        int lastMetricStep;
        long lastSend = System.nanoTime();

        Stream(UUID jobId) {
            this.jobId = jobId;
        }
    }

    /** A progress event. */
    record Progress(UUID jobId, JobStatus status, Integer step, Integer of, Long etaSeconds,
            List<JobMetricHistory.Step> steps) {
    }

    /** A status event. */
    record Status(UUID jobId, JobStatus status, int attempts, String worker, JobResponse.Error error) {
    }

    JobEventStreams(Jobs jobs, JobMetricHistory metrics,
            @Value("${metadiv.jobs.events.poll:500ms}") Duration poll,
            @Value("${metadiv.jobs.events.timeout:1h}") Duration timeout) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.timeout = timeout;
        poller.scheduleWithFixedDelay(this::pollAll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Opens a stream of the job (404 when there is none); the first events describe it as it is now. */
    SseEmitter open(UUID jobId) {
        jobs.get(jobId);
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Stream stream = new Stream(jobId);
        emitter.onCompletion(() -> open.remove(emitter));
        emitter.onTimeout(() -> open.remove(emitter));
        emitter.onError(e -> open.remove(emitter));
        open.put(emitter, stream);
        poller.execute(() -> poll(emitter, stream));
        return emitter;
    }

    private void pollAll() {
        open.forEach(this::poll);
    }

    private synchronized void poll(SseEmitter emitter, Stream stream) {
        if (!open.containsKey(emitter)) {
            return;
        }
        try {
            Job job = jobs.get(stream.jobId);
            if (!Objects.equals(job.getProgressDone(), stream.step)) {
                List<JobMetricHistory.Step> steps = metrics.steps(stream.jobId, stream.lastMetricStep);
                if (!steps.isEmpty()) {
                    stream.lastMetricStep = steps.get(steps.size() - 1).step();
                }
                stream.step = job.getProgressDone();
                send(emitter, stream, "progress", new Progress(job.getId(), job.getStatus(), job.getProgressDone(),
                        job.getProgressTotal(), job.etaSeconds(), steps));
            }
            if (job.getStatus() != stream.status) {
                stream.status = job.getStatus();
                send(emitter, stream, "status", new Status(job.getId(), job.getStatus(), job.getAttempts(),
                        job.getWorkerId(), job.getErrorType() == null ? null
                                : new JobResponse.Error(job.getErrorType(), job.getErrorMessage())));
            }
            if (!job.getStatus().active()) {
                open.remove(emitter);
                emitter.complete();
                return;
            }
            if (System.nanoTime() - stream.lastSend > HEARTBEAT_NANOS) {
                emitter.send(SseEmitter.event().comment("heartbeat"));
                stream.lastSend = System.nanoTime();
            }
        } catch (IOException | IllegalStateException e) {
            open.remove(emitter); // the client went away
        } catch (RuntimeException e) {
            log.debug("job {} events: {}", stream.jobId, e.getMessage()); // database away: try at the next poll
        }
    }

    private static void send(SseEmitter emitter, Stream stream, String name, Object data) throws IOException {
        emitter.send(SseEmitter.event().name(name).id(name + "-" + System.nanoTime())
                .data(data, MediaType.APPLICATION_JSON));
        stream.lastSend = System.nanoTime();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        open.keySet().forEach(SseEmitter::complete);
    }
}
