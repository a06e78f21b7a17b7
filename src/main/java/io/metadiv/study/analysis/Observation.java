package io.metadiv.study.analysis;

import io.metadiv.training.RunSpec.Method;
import io.metadiv.training.RunSpec.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * One finished training run, as the analysis needs it: which dataset (and its diversity), which method and seed,
 * how well it did on the meta-test episodes, and what it cost.
 *
 * @param datasetId identifies the dataset (runs with the same id are the same dataset)
 * @param datasetName shown in sentences and plots
 * @param method HO-MAML, FO-MAML or PT
 * @param seed the run's seed (runs of one method on one dataset differ by seed)
 * @param diversity the dataset's diversity coefficient (Task2Vec)
 * @param diversityCi95 half-width of its 95% confidence interval
 * @param accuracy mean accuracy over the evaluation episodes, a fraction in [0, 1]
 * @param accuracyCi95 half-width of its 95% confidence interval over the episodes, a fraction
 * @param loss final training loss, null when not recorded
 * @param cpuSeconds CPU time of the run
 * @param wallSeconds wall time of the run
 */
public record Observation(String datasetId, String datasetName, Method method, long seed, double diversity,
        double diversityCi95, double accuracy, double accuracyCi95, Double loss, double cpuSeconds,
        double wallSeconds) {

    /**
     * What makes this run unusable for the analysis, each naming its field and allowed range; empty when usable.
     * A bad value here (NaN accuracy, negative time) is an input error, not a degenerate study.
     */
    public List<Violation> violations() {
        List<Violation> v = new ArrayList<>();
        if (datasetId == null || datasetId.isBlank()) {
            v.add(new Violation("datasetId", "must be a non-blank id"));
        }
        if (method == null) {
            v.add(new Violation("method", "must be one of HO_MAML, FO_MAML, PT"));
        }
        finite(v, "diversity", diversity, -Double.MAX_VALUE, Double.MAX_VALUE);
        finite(v, "diversityCi95", diversityCi95, 0, Double.MAX_VALUE);
        finite(v, "accuracy", accuracy, 0, 1);
        finite(v, "accuracyCi95", accuracyCi95, 0, 1);
        if (loss != null) {
            finite(v, "loss", loss, -Double.MAX_VALUE, Double.MAX_VALUE);
        }
        finite(v, "cpuSeconds", cpuSeconds, 0, Double.MAX_VALUE);
        finite(v, "wallSeconds", wallSeconds, 0, Double.MAX_VALUE);
        return v;
    }

    /** The name shown to people: the dataset's name, or its id when it has none. */
    public String displayName() {
        return datasetName == null || datasetName.isBlank() ? datasetId : datasetName;
    }

    private static void finite(List<Violation> v, String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            String range = min == -Double.MAX_VALUE ? "a finite number" : "in [" + fmt(min) + ", "
                    + (max == Double.MAX_VALUE ? "∞)" : fmt(max) + "]");
            v.add(new Violation(field, "must be " + range + ", got " + value));
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
