package io.metadiv.experiment;

import io.metadiv.job.JobStatus;
import io.metadiv.training.RunSpec;
import io.metadiv.web.BadRequestException;
import io.metadiv.web.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Experiments over HTTP: submit (one TRAINING job per seed), get, list. */
@RestController
@RequestMapping("/api/v1/experiments")
@Tag(name = "Experiments", description = "HO-MAML, FO-MAML and PT training runs with few-shot evaluation")
class ExperimentController {

    private static final int MAX_PAGE = 200;

    private final ExperimentSubmission submission;
    private final Experiments experiments;

    ExperimentController(ExperimentSubmission submission, Experiments experiments) {
        this.submission = submission;
        this.experiments = experiments;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "submitExperiment", summary = "Submit an experiment: one training job per seed",
            description = "Checks every setting against its range and the dataset (classes per split >= ways, images "
                    + "per class >= shots + queries), then stores the experiment and queues one TRAINING job per "
                    + "seed. With an Idempotency-Key header, a retried request returns the first experiment.")
    @ApiResponse(responseCode = "202", description = "Accepted; Location points to the experiment",
            headers = @Header(name = "Location", description = "/api/v1/experiments/{id}",
                    schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "A setting is out of range or does not fit the dataset; the "
            + "problem's errors list each field with its allowed range. Nothing is stored",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such dataset", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used for a different request",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The training queue is full; nothing was stored",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                    schema = @Schema(type = "integer")),
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ExperimentResponse> submit(@RequestBody ExperimentRequest body,
            @Parameter(description = "Makes a retried request return the first answer (at most 200 characters)")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new BadRequestException("Idempotency-Key must be 1 to 200 characters", "Idempotency-Key");
        }
        ExperimentSubmission.Submitted submitted = submission.submit(body, idempotencyKey);
        UUID id = submitted.experiment().getId();
        return ResponseEntity.accepted().location(URI.create("/api/v1/experiments/" + id))
                .body(experiments.get(id));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteExperiment", summary = "Delete an experiment with its runs, checkpoints, trained "
            + "models and results", description = "Its jobs stay as history (GET /api/v1/jobs/{id}). Refused while "
            + "one of its jobs is queued or running (cancel them first), or while a queued or running diversity score "
            + "uses one of its PT runs as a probe; finished scores keep their coefficient.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such experiment", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Still in use; `references` lists the active jobs and scores",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        experiments.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getExperiment", summary = "One experiment: each seed's job status and, when done, "
            + "its accuracy with CI, per-episode accuracies, loss curve, costs and lineage")
    @ApiResponse(responseCode = "200", description = "The experiment")
    @ApiResponse(responseCode = "404", description = "No such experiment", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ExperimentResponse get(@PathVariable UUID id) {
        return experiments.get(id);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listExperiments", summary = "List experiments, newest first, with filters")
    @ApiResponse(responseCode = "200", description = "One page")
    @ApiResponse(responseCode = "400", description = "A bad filter or page", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ExperimentPage list(
            @Parameter(description = "Only this dataset's") @RequestParam(required = false) UUID datasetId,
            @Parameter(description = "Only this method's") @RequestParam(required = false) RunSpec.Method method,
            @Parameter(description = "Only those with a job in this status") @RequestParam(required = false)
            JobStatus status,
            @Parameter(description = "Created at or after (ISO-8601)") @RequestParam(required = false)
            Instant createdFrom,
            @Parameter(description = "Created before (ISO-8601)") @RequestParam(required = false) Instant createdTo,
            @Parameter(description = "Zero-based page") @RequestParam(defaultValue = "0") @Min(0) int page,
            @Parameter(description = "Page size, 1 to " + MAX_PAGE) @RequestParam(defaultValue = "20")
            @Min(1) @Max(MAX_PAGE) int size,
            @Parameter(description = "createdAt,desc (default) or createdAt,asc") @RequestParam(defaultValue =
                    "createdAt,desc") String sort) {
        PageQuery checked = PageQuery.of(page, size, MAX_PAGE, sort, Set.of("createdAt"));
        Sort order = Sort.by(checked.ascending() ? Sort.Direction.ASC : Sort.Direction.DESC, "createdAt");
        return ExperimentPage.of(experiments.list(new Experiments.Filter(datasetId, method, status, createdFrom,
                createdTo), PageRequest.of(page, size, order)));
    }
}
