package io.metadiv.study.analysis;

import static io.metadiv.study.analysis.StudyText.name;
import static io.metadiv.study.analysis.StudyText.interval;
import static io.metadiv.study.analysis.StudyText.num;
import static io.metadiv.study.analysis.StudyText.signed;

import io.metadiv.training.RunSpec.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The analysis as table cells for the study report page: every number formatted as the verdict's sentences format
 * it (slopes in accuracy points per 0.1 of diversity, accuracies in points with one decimal, R² and r with two), so
 * the tables and the sentences above them never disagree. A missing value is {@link #MISSING}.
 */
public final class StudyTables {

    /** What a cell says when its value could not be computed. */
    public static final String MISSING = "—";
    /** The unit of every slope in the tables and sentences. */
    public static final String SLOPE_UNIT = "points per " + num(StudyText.DIVERSITY_STEP) + " of diversity";

    private StudyTables() {
    }

    /**
     * One method's accuracy against diversity.
     *
     * @param slope slope ± half-width of its 95% CI, per 0.1 of diversity
     * @param intercept accuracy at diversity 0 ± its CI, points
     * @param note why a value is missing, or null
     */
    public record TrendRow(String method, int datasets, int runs, String slope, String intercept, String r2,
            String pearsonR, String pValue, boolean clear, String note) {
    }

    /**
     * A MAML method's slope against PT's.
     *
     * @param difference MAML slope − PT slope
     * @param ci its 95% CI from the interaction regression
     * @param bootstrapCi the bootstrap's 95% CI, with how many resamples it used
     * @param steeper whether both CIs lie above zero (the slope criterion)
     */
    public record SlopeRow(String method, int datasets, String mamlSlope, String ptSlope, String difference,
            String ci, String pValue, String bootstrapCi, String bootstrapAgrees, boolean steeper, String note) {
    }

    /**
     * One dataset: a MAML method against PT.
     *
     * @param outcome WIN, or why not ("gap below 1.0", "CIs overlap", "PT ahead")
     */
    public record GapRow(String dataset, String diversity, String method, String maml, String pt, String gap,
            String gapCi, boolean win, String outcome) {
    }

    /** What one method's runs cost. */
    public record CostRow(String method, int runs, String cpuSeconds, String wallSeconds, String meanAccuracy,
            String pointsPerCpuHour, String cpuVsPt) {
    }

    /**
     * One success criterion for one MAML method (or, for the overall line, all of them).
     *
     * @param required false for a criterion the study only reports
     */
    public record CriterionRow(String criterion, String method, String evidence, boolean required, boolean met) {
    }

    /** Per method, in the analysis' order. */
    public static List<TrendRow> trends(StudyAnalysis a) {
        return a.trends().stream().map(t -> {
            Regression r = t.accuracy();
            return new TrendRow(name(t.method()), r.n(), r.runs(), plusMinus(r.slope(), r.slopeCi95(),
                    StudyText::perStep), plusMinus(r.intercept(), r.interceptCi95(), StudyText::num),
                    cell(r.r2(), StudyText::num2), cell(r.pearsonR(), StudyText::num2), pValue(r.pValue()),
                    r.pValue() != null && r.pValue() < Verdict.SIGNIFICANCE, r.note());
        }).toList();
    }

    /** Per MAML method. */
    public static List<SlopeRow> slopes(StudyAnalysis a) {
        return a.slopeComparisons().stream().map(c -> {
            SlopeComparison.Bootstrap b = c.bootstrap();
            String boot = b == null ? MISSING : b.ciLow() == null ? "too few usable resamples (" + b.used() + " of "
                    + b.samples() + ")" : interval(b.ciLow(), b.ciHigh()) + " (" + b.used() + " resamples)";
            String agrees = b == null || b.agreesInSign() == null ? MISSING : b.agreesInSign() ? "yes" : "no";
            return new SlopeRow(name(c.method()), c.datasets(), cell(c.mamlSlope(), StudyText::perStep),
                    cell(c.ptSlope(), StudyText::perStep), cell(c.difference(), d -> signed(d
                            * StudyText.DIVERSITY_STEP)), c.differenceCiLow() == null ? MISSING
                                    : interval(c.differenceCiLow(), c.differenceCiHigh()), pValue(c.pValue()), boot,
                    agrees, c.steeper(), c.note());
        }).toList();
    }

    /** Per dataset and MAML method, least diverse dataset first. */
    public static List<GapRow> gaps(StudyAnalysis a) {
        double minGap = a.criteria().minGapPoints();
        return a.gaps().stream().sorted(Comparator.comparingDouble(DatasetGap::diversity)
                .thenComparing(DatasetGap::datasetName).thenComparing(DatasetGap::method)).map(g -> {
                    String outcome = g.win() ? "WIN" : g.gapPoints() <= 0 ? "PT ahead" : g.gapPoints() < minGap
                            ? "gap below " + num(minGap) : "CIs overlap";
                    return new GapRow(g.datasetName(), coefficient(g.diversity()), name(g.method()),
                            num(g.mamlPoints()) + " ± " + num(g.mamlCi95Points()),
                            num(g.ptPoints()) + " ± " + num(g.ptCi95Points()),
                            signed(g.gapPoints()) + " ± " + num(g.gapCi95Points()),
                            "[" + signed(g.gapLow()) + ", " + signed(g.gapHigh()) + "]", g.win(), outcome);
                }).toList();
    }

    /** Per method. */
    public static List<CostRow> costs(StudyAnalysis a) {
        return a.costs().stream().map(c -> new CostRow(name(c.method()), c.runs(), num(c.totalCpuSeconds()),
                num(c.totalWallSeconds()), num(c.meanAccuracyPoints()), cell(c.accuracyPointsPerCpuHour(),
                        StudyText::num), c.method() == Method.PT ? MISSING : cell(c.cpuPerRunVsPt(),
                                v -> num(v) + "×"))).toList();
    }

    /** The gap criterion and the slope criterion per MAML method. */
    public static List<CriterionRow> criteria(StudyAnalysis a) {
        Criteria c = a.criteria();
        String gap = "Beats PT by ≥ " + num(c.minGapPoints()) + " points" + (c.requireNonOverlappingCi()
                ? " with non-overlapping 95% CIs" : "") + " on enough datasets";
        String slope = "Accuracy rises faster with diversity than PT's (95% CI of the slope difference above zero, "
                + "by regression and by bootstrap)";
        List<CriterionRow> rows = new ArrayList<>();
        for (Verdict.MethodVerdict v : a.verdict().methods()) {
            rows.add(new CriterionRow(gap, name(v.method()), "won " + v.datasetsWon() + " of "
                    + v.datasetsCompared() + " datasets, needed " + v.datasetsNeeded(), true, v.gapMet()));
        }
        for (Verdict.MethodVerdict v : a.verdict().methods()) {
            SlopeComparison s = a.slopeComparison(v.method());
            String evidence = s == null || s.differenceCiLow() == null ? s == null ? MISSING : s.note()
                    : "difference " + signed(s.difference() * StudyText.DIVERSITY_STEP) + ", 95% CI "
                            + interval(s.differenceCiLow(), s.differenceCiHigh());
            rows.add(new CriterionRow(slope, name(v.method()), evidence, c.requireSteeperSlope(), v.steeperSlope()));
        }
        return rows;
    }

    /** HO-MAML, FO-MAML, PT: as the sentences name them. */
    public static String method(Method method) {
        return name(method);
    }

    /** A diversity coefficient, three decimals. */
    public static String coefficient(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    /** "0.41", "0.004", "< 0.001"; {@link #MISSING} for null. */
    static String pValue(Double p) {
        return p == null ? MISSING : StudyText.p(p).replace("p = ", "").replace("p ", "");
    }

    private static String plusMinus(Double value, Double half, Function<Double, String> format) {
        if (value == null) {
            return MISSING;
        }
        return half == null ? format.apply(value) : format.apply(value) + " ± " + format.apply(half);
    }

    private static String cell(Double value, Function<Double, String> format) {
        return value == null ? MISSING : format.apply(value);
    }
}
