package io.metadiv.study;

import io.metadiv.study.analysis.StudyPlots;
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
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** HTTP mapping of studies; the work happens in {@link StudySubmission} and {@link Studies}. */
@RestController
@RequestMapping("/api/v1/studies")
@Tag(name = "Studies", description = "Does accuracy follow diversity, and does MAML use it better than PT: datasets × "
        + "methods × seeds in one request, analysed when done")
@ApiResponse(responseCode = "404", description = "No such study", content = @Content(
        mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class StudyController {

    private static final String PROBLEM = "application/problem+json";
    private static final int MAX_PAGE = 200;

    private final StudySubmission submission;
    private final Studies studies;

    StudyController(StudySubmission submission, Studies studies) {
        this.submission = submission;
        this.studies = studies;
    }

    /** One line of the list. */
    @Schema(name = "StudySummary")
    record Summary(UUID id, String name, Instant createdAt) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "submitStudy", summary = "Submit a study: a diversity score per dataset and a training "
            + "run per dataset × method × seed", description = "Every dataset is scored under the same diversity "
            + "settings and probe, and trained with the same settings. A score with equal settings that SUCCEEDED or "
            + "is under way is reused, and so is a SUCCEEDED run with identical settings and seed, dataset content "
            + "and code version; `reused` says which. Everything is checked before anything is queued.")
    @ApiResponse(responseCode = "202", description = "Accepted; Location points to the study",
            headers = @Header(name = "Location", description = "/api/v1/studies/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "A field is out of range or does not fit a dataset; `errors` "
            + "lists each. Nothing is stored", content = @Content(mediaType = PROBLEM,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The job queue cannot take the study's jobs; nothing is stored",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                    schema = @Schema(type = "integer")),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<StudyResponse> submit(@RequestBody StudyRequest body) {
        UUID id = submission.submit(body);
        return ResponseEntity.accepted().location(URI.create("/api/v1/studies/" + id)).body(studies.get(id));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getStudy", summary = "A study: progress over all its jobs and, when every job ended, "
            + "the analysis", description = "Analysis: per method a regression of accuracy (points) on the diversity "
            + "coefficient over the datasets (slope with 95% CI, intercept, R², Pearson r, p-value, n) and of loss; "
            + "whether each MAML method's slope exceeds PT's (interaction regression and a seeded bootstrap over "
            + "datasets); per dataset the MAML − PT gap with CI; cost per method; the verdict against the criteria.")
    @ApiResponse(responseCode = "200", description = "The study")
    StudyResponse get(@PathVariable UUID id) {
        return studies.get(id);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listStudies", summary = "List studies, newest first")
    @ApiResponse(responseCode = "200", description = "One page")
    @ApiResponse(responseCode = "400", description = "A bad page", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    List<Summary> list(@Parameter(description = "Zero-based page") @RequestParam(defaultValue = "0") @Min(0) int page,
            @Parameter(description = "Page size, 1 to " + MAX_PAGE) @RequestParam(defaultValue = "20") @Min(1)
            @Max(MAX_PAGE) int size) {
        PageQuery.of(page, size, MAX_PAGE, "createdAt", Set.of("createdAt"));
        return studies.list(page, size).stream().map(r -> new Summary((UUID) r.get("id"), (String) r.get("name"),
                ((java.sql.Timestamp) r.get("createdAt")).toInstant())).toList();
    }

    @GetMapping(path = "/{id}/plot.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getStudyPlotPng", summary = "Accuracy vs diversity per method (PNG): fit lines, R² and "
            + "slope in the legend, 95% CI bars, dataset names", description = "For a QUANTITY_VS_VARIETY study: "
            + "accuracy against training images, solid lines adding classes, dashed lines adding images per class, "
            + "one colour per method, the slopes per 100 images in the legend")
    @ApiResponse(responseCode = "200", description = "PNG image",
            content = @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "409", description = "Not analysed yet", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    byte[] plotPng(@PathVariable UUID id, @Parameter(description = "Width in pixels") @RequestParam(defaultValue =
            "1000") @Min(300) @Max(4000) int width, @Parameter(description = "Height in pixels")
            @RequestParam(defaultValue = "700") @Min(200) @Max(4000) int height) {
        StudyResponse study = studies.analysed(id);
        return study.quantityVariety() != null ? StudyPlots.quantityVarietyPng(study.quantityVariety(), width, height)
                : StudyPlots.accuracyVsDiversityPng(study.analysis(), width, height);
    }

    @GetMapping(path = "/{id}/plot.svg", produces = "image/svg+xml")
    @Operation(operationId = "getStudyPlotSvg", summary = "Accuracy vs diversity per method (SVG)",
            description = "For a QUANTITY_VS_VARIETY study: the quantity-vs-variety plot, as the PNG")
    @ApiResponse(responseCode = "200", description = "SVG image",
            content = @Content(mediaType = "image/svg+xml", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "409", description = "Not analysed yet", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    byte[] plotSvg(@PathVariable UUID id) {
        StudyResponse study = studies.analysed(id);
        return study.quantityVariety() != null ? StudyPlots.quantityVarietySvg(study.quantityVariety(), 1000, 700)
                : StudyPlots.accuracyVsDiversitySvg(study.analysis(), 1000, 700);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteStudy", summary = "Delete a study (its scores and runs stay: they may be shared)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        studies.delete(id);
        return ResponseEntity.noContent().build();
    }
}
