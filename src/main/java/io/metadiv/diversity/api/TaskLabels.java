package io.metadiv.diversity.api;

import io.metadiv.dataset.DatasetClass;
import io.metadiv.dataset.DatasetUse;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.EpisodeSampler;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * Labels of a score's tasks, e.g. {@code "T3: Coat, Bag +3"}: the task's number and its classes. Nothing about the
 * tasks is stored with a score; they are drawn again from its settings (split, split seed, shape, seed) and the
 * dataset's class names and image counts, which is all the seeded sampler's draws depend on, so no tensor is read.
 */
@Component
class TaskLabels {

    /** Class names a label spells out; the rest are counted ("+3"). */
    static final int NAMES_SHOWN = 2;
    /** A longer class name is cut to this many characters, the last an ellipsis. */
    static final int NAME_CHARS = 14;

    private final DatasetUse datasets;

    TaskLabels(DatasetUse datasets) {
        this.datasets = datasets;
    }

    /**
     * A score's tasks as its job drew them.
     *
     * @param names the dataset's class names by index
     * @param train the meta-train classes the tasks were drawn from, ascending
     * @param tasks each task's dataset class indices, in the score's task order (the rows of its distance matrix)
     */
    record Drawn(List<String> names, List<Integer> train, List<int[]> tasks) {
    }

    /** The classes of each of the score's tasks. */
    Drawn drawn(DiversityScore score) {
        ScoreSettings s = score.settings();
        List<DatasetClass> classes = datasets.classes(score.getDatasetId());
        int[] imagesPerClass = classes.stream().mapToInt(DatasetClass::getImages).toArray();
        List<Integer> train = ClassSplit.of(imagesPerClass.length, s.split(), s.splitSeed()).train();
        List<int[]> tasks = EpisodeSampler.episodeClasses(imagesPerClass, train, s.ways(), s.shots(), s.queries(),
                s.seed(), s.tasks());
        return new Drawn(classes.stream().map(DatasetClass::getName).toList(), train, tasks);
    }

    /** One label per task, in the score's task order (the rows of its distance matrix). */
    List<String> of(DiversityScore score) {
        Drawn d = drawn(score);
        return IntStream.range(0, d.tasks().size()).mapToObj(t -> label(t + 1, d.tasks().get(t), d.names())).toList();
    }

    /**
     * {@code "T3: Bag, Coat +3"}: the first {@link #NAMES_SHOWN} of the task's classes in label order, the others
     * counted.
     *
     * @param task 1-based task number
     * @param classes the task's dataset class indices
     * @param names class names by index
     */
    static String label(int task, int[] classes, List<String> names) {
        int[] sorted = classes.clone();
        Arrays.sort(sorted);
        String shown = Arrays.stream(sorted).limit(NAMES_SHOWN).mapToObj(c -> shorten(names.get(c)))
                .collect(Collectors.joining(", "));
        int more = sorted.length - NAMES_SHOWN;
        return "T" + task + ": " + shown + (more > 0 ? " +" + more : "");
    }

    private static String shorten(String name) {
        return name.length() <= NAME_CHARS ? name : name.substring(0, NAME_CHARS - 1) + "…";
    }
}
