package io.metadiv.study.analysis;

import io.metadiv.training.RunSpec.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Observations for the study analysis tests: single runs, and whole studies built from known lines plus noise. */
final class StudyFixtures {

    static final String[] NAMES = {"Omniglot", "CIFAR-FS", "FC100", "Aircraft", "MiniImageNet", "Flowers",
        "Textures", "Fungi"};

    private StudyFixtures() {
    }

    /** One run; accuracy and its CI as fractions, one CPU-minute and a bit more wall time. */
    static Observation run(String dataset, Method method, long seed, double diversity, double accuracy,
            double ci) {
        return new Observation("ds-" + dataset, dataset, method, seed, diversity, 0.01, accuracy, ci, 1.0 - accuracy,
                60, 90);
    }

    /**
     * A study with accuracy = intercept + slope·diversity (fractions) per method, {@code seeds} seeds per dataset,
     * Gaussian noise of {@code noise} (fraction) per run from a seeded {@link Random}.
     *
     * @param lines per method: {intercept, slope}; a method is left out when its entry is null
     */
    static List<Observation> linearStudy(double[] diversities, int seeds, double noise, long noiseSeed,
            double[] hoLine, double[] foLine, double[] ptLine) {
        Random random = new Random(noiseSeed);
        List<Observation> runs = new ArrayList<>();
        Method[] methods = Method.values();
        double[][] lines = {hoLine, foLine, ptLine};
        for (int d = 0; d < diversities.length; d++) {
            for (int m = 0; m < methods.length; m++) {
                if (lines[m] == null) {
                    continue;
                }
                for (int s = 0; s < seeds; s++) {
                    double acc = lines[m][0] + lines[m][1] * diversities[d] + noise * random.nextGaussian();
                    runs.add(run(NAMES[d % NAMES.length] + (d < NAMES.length ? "" : "-" + d), methods[m], s,
                            diversities[d], acc, 0.012));
                }
            }
        }
        return runs;
    }

    /** A plausible study: MAML gains more from diversity than PT, three seeds, 1.5 points of noise per run. */
    static List<Observation> sampleStudy() {
        return linearStudy(new double[] {0.08, 0.12, 0.15, 0.19, 0.22, 0.27}, 3, 0.015, 42,
                new double[] {0.30, 1.6}, new double[] {0.31, 1.4}, new double[] {0.38, 0.6});
    }
}
