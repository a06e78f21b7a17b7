package io.metadiv.diversity.api;

import io.metadiv.study.analysis.DiversityHistoryPlot;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** HTTP mapping of the diversity history along a dataset's lineage; {@link DiversityHistory} builds it. */
@RestController
@RequestMapping("/api/v1/datasets/{datasetId}/diversity")
@Tag(name = "Diversity")
@ApiResponse(responseCode = "400", description = "Settings out of range, or they do not fit the dataset itself "
        + "(nothing queued)", content = @Content(mediaType = "application/problem+json",
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "404", description = "No such dataset",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "The diversity queue is full; the scores queued before it filled "
        + "stay queued. Retry after the Retry-After header's seconds", content = @Content(mediaType =
                "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class DiversityHistoryController {

    private static final String HISTORY = """
            The datasets of the lineage, the uploaded root first, then each subset or version on the way, this \
            dataset last (its own descendants are not listed: ask for their history). Every one is scored under the \
            same settings and probe, given as query parameters as in a score request (probe fields as probe.kind, \
            probe.seed, …; defaults as there): a SUCCEEDED or still running score with equal settings is reused, a \
            FAILED or CANCELLED one is shown as it is (POST a score to retry), and where none exists one is QUEUED, \
            so asking again is idempotent and later answers fill in. An ancestor the settings do not fit is listed \
            without a score. Each entry is compared with its parent: diversityGained is true when its coefficient is \
            above the parent's coefficient plus the parent's 95% CI half-width (coefficient > parent.coefficient + \
            parent.ci95), false when not ("no diversity gained"), null for the root and while either score is \
            unfinished.""";
    private static final String PLOT = " Drawn as coefficient ± 95% CI per dataset, in lineage order; datasets "
            + "that gained no diversity are drawn in orange and marked 'no gain', unfinished ones show their status. "
            + "The plot queues missing scores as the history does; while none has finished it is still drawn (200) "
            + "and says so.";

    /** The plots' default size (the SVG's only one: it scales). */
    private static final int PLOT_WIDTH = 900;
    private static final int PLOT_HEIGHT = 550;

    private final DiversityHistory history;

    DiversityHistoryController(DiversityHistory history) {
        this.history = history;
    }

    @GetMapping(path = "/history", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getDiversityHistory", summary = "The diversity coefficient along the dataset's "
            + "lineage (root → … → this dataset), with whether each one gained diversity over its parent",
            description = HISTORY)
    @ApiResponse(responseCode = "200", description = "The history (scores missing from it are queued)")
    DiversityHistoryResponse history(@PathVariable UUID datasetId, @ParameterObject @Valid DiversityRequest settings) {
        return history.of(datasetId, settings);
    }

    @GetMapping(path = "/history.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getDiversityHistoryPlotPng", summary = "The diversity history as a PNG plot",
            description = HISTORY + PLOT)
    @ApiResponse(responseCode = "200", description = "PNG image",
            content = @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")))
    byte[] png(@PathVariable UUID datasetId, @ParameterObject @Valid DiversityRequest settings,
            @Parameter(description = "Width in pixels") @RequestParam(defaultValue = "" + PLOT_WIDTH) @Min(300)
            @Max(4000) int width,
            @Parameter(description = "Height in pixels") @RequestParam(defaultValue = "" + PLOT_HEIGHT) @Min(200)
            @Max(4000) int height) {
        DiversityHistoryResponse h = history.of(datasetId, settings);
        return DiversityHistoryPlot.png(title(h), points(h), width, height);
    }

    @GetMapping(path = "/history.svg", produces = "image/svg+xml")
    @Operation(operationId = "getDiversityHistoryPlotSvg", summary = "The diversity history as an SVG plot (900 × 550, scalable)",
            description = HISTORY + PLOT)
    @ApiResponse(responseCode = "200", description = "SVG image",
            content = @Content(mediaType = "image/svg+xml", schema = @Schema(type = "string", format = "binary")))
    byte[] svg(@PathVariable UUID datasetId, @ParameterObject @Valid DiversityRequest settings) {
        DiversityHistoryResponse h = history.of(datasetId, settings);
        return DiversityHistoryPlot.svg(title(h), points(h), PLOT_WIDTH, PLOT_HEIGHT);
    }

    private static String title(DiversityHistoryResponse h) {
        return "Diversity along the lineage of " + h.entries().get(h.entries().size() - 1).name();
    }

    private static List<DiversityHistoryPlot.Point> points(DiversityHistoryResponse h) {
        return h.entries().stream().map(e -> new DiversityHistoryPlot.Point(e.name(), e.coefficient(), e.ci95(),
                e.diversityGained(), e.status() == null ? "NO SCORE" : e.status().name())).toList();
    }
}
