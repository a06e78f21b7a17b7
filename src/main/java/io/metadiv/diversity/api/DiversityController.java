package io.metadiv.diversity.api;

import io.metadiv.diversity.DistanceHeatmap;
import io.metadiv.job.JobStatus;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.RestController;

/** HTTP mapping of diversity scores; {@link DiversitySubmission} accepts them and a worker's job computes them. */
@RestController
@RequestMapping("/api/v1/datasets/{datasetId}/diversity")
@Tag(name = "Diversity", description = "Task2Vec diversity coefficient of a dataset")
@ApiResponse(responseCode = "404", description = "No such dataset or score",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class DiversityController {

    private final DiversitySubmission submission;
    private final DiversityScores scores;

    DiversityController(DiversitySubmission submission, DiversityScores scores) {
        this.submission = submission;
        this.scores = scores;
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "requestDiversityScore", summary = "Request a diversity score",
            description = "Validates the settings against the dataset, "
            + "stores the score and queues its job; a worker computes it. Poll the Location, or the job "
            + "(/api/v1/jobs/{jobId}) for progress; cancel it there.")
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
            description = "409 until the score SUCCEEDED")
    @ApiResponse(responseCode = "200", description = "PNG", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "409", description = "Score not finished",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<byte[]> heatmap(@PathVariable UUID datasetId, @PathVariable UUID scoreId) {
        DiversityScore score = scores.get(datasetId, scoreId);
        JobStatus status = score.getJob().getStatus();
        if (status != JobStatus.SUCCEEDED) {
            throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "diversity score " + scoreId + " is " + status + "; the heat map exists once it "
                            + "SUCCEEDED"), null);
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .body(DistanceHeatmap.png(score.getDistances(), DistanceHeatmap.DEFAULT_CELL));
    }

    private static DiversityRequest empty() {
        return new DiversityRequest(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
