package io.metadiv.study.analysis;

import io.metadiv.training.RunSpec.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * What counts as success for a study, fixed before the results are seen: MAML must beat PT by at least
 * {@code minGapPoints} accuracy points on at least {@code minDatasets} datasets (with non-overlapping 95% CIs when
 * {@code requireNonOverlappingCi}), and, when {@code requireSteeperSlope}, MAML's accuracy must rise faster with
 * diversity than PT's. A study with two MAML variants must meet the criteria with each of them (no picking the
 * variant that happened to win).
 *
 * @param minGapPoints smallest MAML − PT accuracy gap, in percentage points, that counts as a win (default 1.0)
 * @param minDatasets datasets that must be won; {@link #MAJORITY} (0, the default) means more than half of the
 *     datasets on which both methods ran
 * @param requireNonOverlappingCi whether a win also needs MAML's 95% CI entirely above PT's (default true)
 * @param requireSteeperSlope whether MAML's slope on diversity must exceed PT's, with the 95% CI of the difference
 *     above zero both by regression and by bootstrap (default true)
 */
public record Criteria(double minGapPoints, int minDatasets, boolean requireNonOverlappingCi,
        boolean requireSteeperSlope) {

    /** {@code minDatasets} value meaning "more than half of the compared datasets". */
    public static final int MAJORITY = 0;
    /** One percentage point: the smallest gap a reader would call a difference. */
    public static final double DEFAULT_MIN_GAP_POINTS = 1.0;
    /** Largest {@code minDatasets}: more datasets than any study trains. */
    static final int MAX_DATASETS = 10_000;

    /** The defaults: ≥ 1.0 point on a majority of datasets, non-overlapping CIs, steeper slope. */
    public static Criteria defaults() {
        return new Criteria(DEFAULT_MIN_GAP_POINTS, MAJORITY, true, true);
    }

    /** Datasets that must be won out of {@code compared}. */
    public int datasetsNeeded(int compared) {
        return minDatasets == MAJORITY ? compared / 2 + 1 : minDatasets;
    }

    /** What is out of range, each naming its field and allowed range; empty when valid. */
    public List<Violation> violations() {
        List<Violation> v = new ArrayList<>();
        if (!(minGapPoints >= 0 && minGapPoints <= 100)) {
            v.add(new Violation("minGapPoints", "must be in [0, 100] (accuracy points), got " + minGapPoints));
        }
        if (minDatasets < 0 || minDatasets > MAX_DATASETS) {
            v.add(new Violation("minDatasets", "must be in [0, " + MAX_DATASETS + "] (0 = a majority), got "
                    + minDatasets));
        }
        return v;
    }
}
