package io.metadiv.job;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Jobs over HTTP: status, progress, attempts, worker and history; cancel. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Background work (diversity scores, training runs) on the workers")
@ApiResponse(responseCode = "404", description = "No such job",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class JobController {

    private final Jobs jobs;

    JobController(Jobs jobs) {
        this.jobs = jobs;
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
