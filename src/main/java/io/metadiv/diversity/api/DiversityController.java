package io.metadiv.diversity.api;

import io.metadiv.job.JobStatus;
import io.metadiv.study.analysis.StudyPlots;
import io.metadiv.web.BadRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** HTTP mapping of diversity scores; {@link DiversitySubmission} accepts them and a worker's job computes them. */
@RestController
@RequestMapping("/api/v1/datasets/{datasetId}/diversity")
@Tag(name = "Diversity", description = "Task2Vec diversity coefficient of a dataset")
@ApiResponse(responseCode = "404", description = "No such dataset or score",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class DiversityController {

    /** Heat-map side in pixels: default, smallest and largest. */
    private static final int HEATMAP_SIZE = 800;
    private static final int HEATMAP_MIN = 300;
    private static final int HEATMAP_MAX = 2000;

    private final DiversitySubmission submission;
    private final DiversityScores scores;
    private final TaskLabels taskLabels;

    DiversityController(DiversitySubmission submission, DiversityScores scores, TaskLabels taskLabels) {
        this.submission = submission;
        this.scores = scores;
        this.taskLabels = taskLabels;
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "requestDiversityScore", summary = "Request a diversity score",
            description = "Validates the settings against the dataset, "
            + "stores the score and queues its job; a worker computes it. Poll the Location, or the job "
            + "(/api/v1/jobs/{jobId}) for progress; cancel it there. An uploaded TORCHSCRIPT probe is code and is not "
            + "loaded here: the worker checks that it fits the dataset (else the score FAILS with ProbeMismatch) and "
            + "stops a score past metadiv.probe.max-seconds (FAILED with TimeLimit); neither is retried.")
    @ApiResponse(responseCode = "202", description = "Accepted; Location points to the score",
            headers = @Header(name = "Location", description = "/api/v1/datasets/{datasetId}/diversity/{scoreId}",
                    schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "Settings do not fit the dataset, are out of range, or would "
            + "measure nothing (every task the same images)", content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The diversity queue is full; nothing was stored. Retry after "
            + "the Retry-After header's seconds", headers = @Header(name = "Retry-After",
                    description = "Seconds to wait before retrying", schema = @Schema(type = "integer")),
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DiversityScoreResponse> request(@PathVariable UUID datasetId,
            @Valid @RequestBody(required = false) DiversityRequest body) {
        DiversityScore score = submission.submit(datasetId, body == null ? empty() : body);
        URI location = URI.create("/api/v1/datasets/" + datasetId + "/diversity/" + score.getId());
        return ResponseEntity.accepted().location(location).body(DiversityScoreResponse.of(score));
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listDiversityScores", summary = "List a dataset's diversity scores, newest first")
    @ApiResponse(responseCode = "200", description = "The scores")
    List<DiversityScoreResponse> list(@PathVariable UUID datasetId) {
        return scores.list(datasetId).stream().map(DiversityScoreResponse::of).toList();
    }

    @GetMapping(path = "/{scoreId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getDiversityScore", summary = "One diversity score")
    @ApiResponse(responseCode = "200", description = "The score")
    DiversityScoreResponse get(@PathVariable UUID datasetId, @PathVariable UUID scoreId) {
        return DiversityScoreResponse.of(scores.get(datasetId, scoreId));
    }

    @GetMapping(path = "/{scoreId}/heatmap.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getDiversityHeatmap", summary = "Heat map of the T×T task distance matrix",
            description = "A square PNG of the Task2Vec distance between every pair of tasks, with a colour "
            + "scale (and the values in the cells when there are few tasks). Each task is labelled with its number "
            + "and classes, e.g. 'T3: Bag, Coat +3' (the first two of its classes in label order, the others "
            + "counted); the tasks are drawn again from the score's settings and the dataset's class names and "
            + "sizes, as its job drew them. 409 until the score SUCCEEDED")
    @ApiResponse(responseCode = "200", description = "PNG", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "400", description = "size outside " + HEATMAP_MIN + " to " + HEATMAP_MAX,
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Score not finished",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<byte[]> heatmap(@PathVariable UUID datasetId, @PathVariable UUID scoreId,
            @Parameter(description = "Width and height in pixels, " + HEATMAP_MIN + " to " + HEATMAP_MAX,
                    schema = @Schema(type = "integer", format = "int32", minimum = "" + HEATMAP_MIN,
                            maximum = "" + HEATMAP_MAX, defaultValue = "" + HEATMAP_SIZE))
            @RequestParam(defaultValue = "" + HEATMAP_SIZE) int size) {
        if (size < HEATMAP_MIN || size > HEATMAP_MAX) {
            throw new BadRequestException("size must be in [" + HEATMAP_MIN + ", " + HEATMAP_MAX + "] pixels, got "
                    + size, "size");
        }
        DiversityScore score = scores.get(datasetId, scoreId);
        if (score.getJob().getStatus() != JobStatus.SUCCEEDED) {
            throw new ScoreNotSucceededException(score, "heat map");
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .body(StudyPlots.heatmapPng(score.getDistances(), taskLabels.of(score), size, size));
    }

    private static DiversityRequest empty() {
        return new DiversityRequest(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
