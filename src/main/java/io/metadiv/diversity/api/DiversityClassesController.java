package io.metadiv.diversity.api;

import io.metadiv.diversity.ClassContributions;
import io.metadiv.web.BadRequestException;
import io.metadiv.web.BadRequestException.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Which classes of a dataset add to a score's diversity; {@link ScoreClassContributions} computes it. */
@RestController
@RequestMapping("/api/v1/datasets/{datasetId}/diversity")
@Tag(name = "Diversity")
class DiversityClassesController {

    private final ScoreClassContributions contributions;

    DiversityClassesController(ScoreClassContributions contributions) {
        this.contributions = contributions;
    }

    @GetMapping(path = "/{scoreId}/classes", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getDiversityClassContributions", summary = "Which classes add diversity",
            description = "Per meta-train class, from the score's stored task distance matrix and the classes of "
            + "each task (drawn again from the score's settings): `contribution` = the coefficient of all tasks "
            + "minus the coefficient of the tasks that do not contain the class (positive: the class's tasks are "
            + "further from the rest than the rest are from each other), and `pairMean`, the mean distance of the "
            + "task pairs that include the class. Uncertainty: a seeded bootstrap over tasks (T tasks drawn with "
            + "replacement, coefficients over pairs of draws of distinct tasks), 95% percentile intervals, leaving out "
            + "the resamples with no task of the class or fewer than two distinct tasks without it (`resamplesUsed` "
            + "counts the others); `effect` "
            + "is ADDS when the contribution's interval lies above 0, LOWERS below 0, UNRESOLVED otherwise. Ranked "
            + "by contribution, most diversity-adding first. A class in fewer than " + ClassContributions.MIN_TASKS
            + " tasks, or in all but fewer than " + ClassContributions.MIN_TASKS + ", has null values and a "
            + "`reason`. Near-duplicates: two classes whose cross mean distance (a task containing one vs a "
            + "different task containing the other) is below " + ClassContributions.NEAR_DUPLICATE_RATIO
            + " × the coefficient. `groups` gives the same per folder holding the classes (`Latin` for "
            + "`Latin/alpha`) when the dataset has two groups or more; `notDrawn` lists the classes outside the "
            + "meta-train split, which no task contains; `advice` says it in sentences. 409 until the score "
            + "SUCCEEDED")
    @ApiResponse(responseCode = "200", description = "Contributions, near-duplicates and advice")
    @ApiResponse(responseCode = "400", description = "resamples outside " + ClassContributions.MIN_RESAMPLES + " to "
            + ClassContributions.MAX_RESAMPLES + ", or a negative seed", content = @Content(
                    mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such dataset or score", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Score not finished; jobStatus names its status",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ClassContributionsResponse classes(@PathVariable UUID datasetId, @PathVariable UUID scoreId,
            @Parameter(description = "Bootstrap resamples, " + ClassContributions.MIN_RESAMPLES + " to "
                    + ClassContributions.MAX_RESAMPLES, schema = @Schema(type = "integer", format = "int32",
                            minimum = "" + ClassContributions.MIN_RESAMPLES,
                            maximum = "" + ClassContributions.MAX_RESAMPLES,
                            defaultValue = "" + ClassContributions.DEFAULT_RESAMPLES))
            @RequestParam(defaultValue = "" + ClassContributions.DEFAULT_RESAMPLES) int resamples,
            @Parameter(description = "Bootstrap seed, >= 0; the same seed gives the same intervals",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0",
                            defaultValue = "" + ClassContributions.DEFAULT_SEED))
            @RequestParam(defaultValue = "" + ClassContributions.DEFAULT_SEED) long seed) {
        List<FieldError> errors = new ArrayList<>();
        String problem = ClassContributions.resamplesProblem(resamples);
        if (problem != null) {
            errors.add(new FieldError("resamples", problem));
        }
        problem = ClassContributions.seedProblem(seed);
        if (problem != null) {
            errors.add(new FieldError("seed", problem));
        }
        if (!errors.isEmpty()) {
            throw BadRequestException.of(errors);
        }
        return contributions.of(datasetId, scoreId, resamples, seed);
    }
}
