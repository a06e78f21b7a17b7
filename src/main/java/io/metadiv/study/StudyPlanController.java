package io.metadiv.study;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** HTTP mapping of the study dry run; the work happens in {@link StudyPlanner}. */
@RestController
@RequestMapping("/api/v1/studies")
@Tag(name = "Studies")
class StudyPlanController {

    private final StudyPlanner planner;

    StudyPlanController(StudyPlanner planner) {
        this.planner = planner;
    }

    @PostMapping(path = "/plan", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "planStudy", summary = "Dry run of a study: the jobs it would queue and their estimated "
            + "cost; nothing is stored or queued", description = "Takes the body of `POST /api/v1/studies` and checks it "
            + "the same way. Scores and runs that a submission would reuse (same rules) are listed as reused and cost "
            + "nothing. Every estimate gives its `basis`: `measured` when finished jobs of this deployment had "
            + "comparable settings (runs: method, arch and width, episode shape, images; median step time × "
            + "iterations + set-up + seconds per meta-test episode × episodes; scores: seconds per task × tasks), "
            + "`model` otherwise (the nearest measured configuration, or the figures of bench/RESULTS.md, scaled by a "
            + "cost model of passes × multiply-accumulates); its `note` shows the figures. Wall time: total job "
            + "seconds over workers × slots, at least the longest job, with the workers that heartbeated lately.")
    @ApiResponse(responseCode = "200", description = "The plan")
    @ApiResponse(responseCode = "400", description = "A field is out of range or does not fit a dataset; `errors` "
            + "lists each, as `POST /api/v1/studies` would. Nothing is stored", content = @Content(
                    mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    StudyPlan plan(@RequestBody StudyRequest body) {
        return planner.plan(body);
    }
}
