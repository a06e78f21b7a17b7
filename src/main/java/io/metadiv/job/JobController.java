package io.metadiv.job;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Jobs over HTTP: status, progress, attempts, worker and history; cancel. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Background work (diversity scores, training runs) on the workers")
@ApiResponse(responseCode = "404", description = "No such job",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class JobController {

    private final Jobs jobs;
    private final JobMetricHistory metrics;
    private final JobEventStreams events;

    JobController(Jobs jobs, JobMetricHistory metrics, JobEventStreams events) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * A job's per-step history.
     *
     * @param jobId the job
     * @param status its status now
     * @param steps every recorded step (training: loss and step time), in order
     */
    @Schema(name = "JobMetrics")
    record Metrics(UUID jobId, JobStatus status, List<JobMetricHistory.Step> steps) {
    }

    @GetMapping(path = "/{id}/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getJobMetrics", summary = "A job's step history: step, loss, step time",
            description = "Training jobs record every step (written with their progress, about once a second); a "
                    + "cancelled run keeps the steps it did. Diversity jobs have none.")
    @ApiResponse(responseCode = "200", description = "The steps")
    Metrics metrics(@PathVariable UUID id) {
        Job job = jobs.get(id);
        return new Metrics(id, job.getStatus(), metrics.steps(id, 0));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamJobEvents", summary = "Server-Sent Events of a job's progress and status",
            description = "Events: progress (step, of, ETA and the new steps' loss and time) and status (each change; "
                    + "the stream ends after the final one). A comment every 15 s keeps the stream open.")
    @ApiResponse(responseCode = "200", description = "The event stream; read it with an SSE client, or as bytes "
            + "(it ends after the job's final status)", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary")))
    SseEmitter events(@PathVariable UUID id) {
        return events.open(id);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getJob", summary = "One job: status, progress, attempts, worker, history")
    @ApiResponse(responseCode = "200", description = "The job")
    JobResponse get(@PathVariable UUID id) {
        return JobResponse.of(jobs.get(id), jobs.history(id));
    }

    @PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "cancelJob", summary = "Cancel a job",
            description = "A QUEUED job ends CANCELLED at once; a RUNNING one goes CANCELLING and stops between "
                    + "tasks (CANCELLED within seconds). Cancelling a CANCELLING job again changes nothing.")
    @ApiResponse(responseCode = "202", description = "Accepted; the job as it is now")
    @ApiResponse(responseCode = "409", description = "The job already ended",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<JobResponse> cancel(@PathVariable UUID id) {
        Job job = jobs.cancel(id);
        return ResponseEntity.accepted().body(JobResponse.of(job, jobs.history(id)));
    }
}
