package io.metadiv.diversity.api;

import io.metadiv.diversity.ClassContributions;
import io.metadiv.diversity.ClassContributions.ClassRanking;
import io.metadiv.diversity.ClassContributions.Unit;
import io.metadiv.diversity.ContributionAdvice;
import io.metadiv.job.JobStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * A SUCCEEDED score's class contributions: its stored distance matrix, and which classes each task holds as
 * {@link TaskLabels} draws them again, handed to {@link ClassContributions} per class and per group.
 */
@Component
class ScoreClassContributions {

    /** What stands for the group of classes at the archive's top level. */
    static final String TOP_LEVEL = "(top level)";

    private final DiversityScores scores;
    private final TaskLabels taskLabels;

    ScoreClassContributions(DiversityScores scores, TaskLabels taskLabels) {
        this.scores = scores;
        this.taskLabels = taskLabels;
    }

    ClassContributionsResponse of(UUID datasetId, UUID scoreId, int resamples, long seed) {
        DiversityScore score = scores.get(datasetId, scoreId);
        if (score.getJob().getStatus() != JobStatus.SUCCEEDED) {
            throw new ScoreNotSucceededException(score, "class contributions");
        }
        TaskLabels.Drawn drawn = taskLabels.drawn(score);
        List<Unit> classes = drawn.train().stream().map(c -> new Unit(drawn.names().get(c), tasksWith(drawn,
                List.of(c)))).toList();
        ClassRanking byClass = ClassContributions.of(score.getDistances(), classes, resamples, seed);
        ClassRanking byGroup = null;
        // Whether the dataset has groups depends on all its classes, not only the meta-train ones.
        if (drawn.names().stream().map(ScoreClassContributions::group).distinct().count() > 1) {
            Map<String, List<Integer>> members = new LinkedHashMap<>();
            for (int c : drawn.train()) {
                members.computeIfAbsent(group(drawn.names().get(c)), g -> new ArrayList<>()).add(c);
            }
            byGroup = ClassContributions.of(score.getDistances(), members.entrySet().stream().map(e -> new Unit(
                    e.getKey(), tasksWith(drawn, e.getValue()))).toList(), resamples, seed);
        }
        List<String> notDrawn = IntStream.range(0, drawn.names().size()).filter(c -> !drawn.train().contains(c))
                .mapToObj(drawn.names()::get).toList();
        return new ClassContributionsResponse(scoreId, datasetId, resamples, seed, ClassContributions.MIN_TASKS,
                ClassContributions.NEAR_DUPLICATE_RATIO, byClass, byGroup, notDrawn,
                ContributionAdvice.of(byClass, byGroup));
    }

    /** The folder holding a class: {@code Latin} for {@code Latin/alpha}, {@value #TOP_LEVEL} for {@code alpha}. */
    static String group(String className) {
        int slash = className.lastIndexOf('/');
        return slash < 0 ? TOP_LEVEL : className.substring(0, slash);
    }

    /** The tasks that hold any of the classes, ascending. */
    private static int[] tasksWith(TaskLabels.Drawn drawn, List<Integer> classes) {
        return IntStream.range(0, drawn.tasks().size()).filter(t -> Arrays.stream(drawn.tasks().get(t))
                .anyMatch(classes::contains)).toArray();
    }
}
