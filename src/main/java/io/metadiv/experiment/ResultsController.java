package io.metadiv.experiment;

import io.metadiv.training.RunSpec;
import io.metadiv.web.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Finished training runs as flat rows for dashboards: JSON pages, or CSV with {@code Accept: text/csv}. */
@RestController
@RequestMapping("/api/v1/results")
@Tag(name = "Results", description = "One flat row per finished training run")
class ResultsController {

    static final int MAX_PAGE = 1000;
    static final String TEXT_CSV = "text/csv";

    private final Results results;

    ResultsController(Results results) {
        this.results = results;
    }

    /**
     * One page of rows.
     *
     * @param page zero-based page
     * @param size page size
     */
    @Schema(name = "ResultPage")
    record ResultPage(List<Results.Row> content, int page, int size, long totalElements) {
    }

    /** The query parameters, checked. */
    private record Query(Results.Filter filter, Results.Order order, boolean ascending, int page, int size) {
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listResults", summary = "Finished training runs, one flat row each (JSON, or CSV "
            + "with Accept: text/csv)", description = "Each row: dataset, its diversity coefficient under the default "
                    + "probe (the latest such score; null when there is none), method, arch, episode shape, seed, "
                    + "accuracy with CI, costs. As CSV: the same rows and parameters, with a header line.")
    @ApiResponse(responseCode = "200", description = "One page", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ResultPage.class)),
            @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "400", description = "A bad filter, sort or page", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResultPage json(@Parameter(description = "Only this dataset's") @RequestParam(required = false) UUID datasetId,
            @Parameter(description = "Only this method's") @RequestParam(required = false) RunSpec.Method method,
            @Parameter(description = "Only this network's") @RequestParam(required = false) RunSpec.Arch arch,
            @Parameter(description = "Only this K") @RequestParam(required = false) Integer shots,
            @Parameter(description = "finishedAt (default), accuracy, diversity, datasetName or trainSeconds, then "
                    + ",asc or ,desc (default)") @RequestParam(defaultValue = "finishedAt,desc") String sort,
            @Parameter(description = "Zero-based page") @RequestParam(defaultValue = "0") @Min(0) int page,
            @Parameter(description = "Page size, 1 to " + MAX_PAGE) @RequestParam(defaultValue = "100")
            @Min(1) @Max(MAX_PAGE) int size) {
        Query q = query(datasetId, method, arch, shots, sort, page, size);
        Results.Counted counted = results.page(q.filter(), q.order(), q.ascending(), q.page(), q.size());
        return new ResultPage(counted.rows(), page, size, counted.total());
    }

    @GetMapping(produces = TEXT_CSV)
    // Documented with listResults: one operation, two representations (springdoc would merge two and drop one).
    @Operation(hidden = true)
    String csv(@RequestParam(required = false) UUID datasetId, @RequestParam(required = false) RunSpec.Method method,
            @RequestParam(required = false) RunSpec.Arch arch, @RequestParam(required = false) Integer shots,
            @RequestParam(defaultValue = "finishedAt,desc") String sort,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        Query q = query(datasetId, method, arch, shots, sort, page, size);
        StringBuilder out = new StringBuilder("runId,experimentId,jobId,datasetId,datasetName,diversity,method,arch,"
                + "ways,shots,queries,iterations,seed,accuracy,ci95,trainSeconds,evalSeconds,cpuSeconds,finishedAt\n");
        for (Results.Row r : results.page(q.filter(), q.order(), q.ascending(), q.page(), q.size()).rows()) {
            out.append(List.of(r.runId(), r.experimentId(), r.jobId(), r.datasetId(), csvText(r.datasetName()),
                    nullable(r.diversity()), r.method(), r.arch(), r.ways(), r.shots(), r.queries(), r.iterations(),
                    r.seed(), r.accuracy(), r.ci95(), r.trainSeconds(), r.evalSeconds(), nullable(r.cpuSeconds()),
                    r.finishedAt()).stream().map(String::valueOf).collect(Collectors.joining(","))).append('\n');
        }
        return out.toString();
    }

    private static Query query(UUID datasetId, RunSpec.Method method, RunSpec.Arch arch, Integer shots, String sort,
            int page, int size) {
        PageQuery checked = PageQuery.of(page, size, MAX_PAGE, sort, Results.SORTABLE.keySet());
        return new Query(new Results.Filter(datasetId, method, arch, shots), Results.SORTABLE.get(checked.field()),
                checked.ascending(), page, size);
    }

    private static String csvText(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static Object nullable(Object value) {
        return value == null ? "" : value;
    }
}
