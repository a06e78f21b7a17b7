package io.metadiv.study.analysis;

import static io.metadiv.study.analysis.StudyText.duration;
import static io.metadiv.study.analysis.StudyText.interval;
import static io.metadiv.study.analysis.StudyText.name;
import static io.metadiv.study.analysis.StudyText.num;
import static io.metadiv.study.analysis.StudyText.num2;
import static io.metadiv.study.analysis.StudyText.p;
import static io.metadiv.study.analysis.StudyText.perStep;
import static io.metadiv.study.analysis.StudyText.signed;

import io.metadiv.training.RunSpec.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The study's answer against its {@link Criteria}, as booleans and as sentences for a reader who does not read
 * tables. A criterion holds when it holds for every MAML method in the study; {@code met} when every required one
 * holds. Without PT runs, or without MAML runs, nothing can be met.
 *
 * @param met whether the study meets its success criteria
 * @param gapCriterionMet whether each MAML method beats PT on enough datasets
 * @param slopeCriterionMet whether each MAML method's slope on diversity exceeds PT's (reported even when the
 *     criteria do not require it)
 * @param methods the same per MAML method
 * @param sentences the findings in plain English: trends, gaps, slopes, cost, then the overall answer
 */
public record Verdict(boolean met, boolean gapCriterionMet, boolean slopeCriterionMet, List<MethodVerdict> methods,
        List<String> sentences) {

    /** Below this p-value a slope or difference is called clear (the usual 5% level). */
    static final double SIGNIFICANCE = 0.05;

    /** Copies the lists. */
    public Verdict {
        methods = List.copyOf(methods);
        sentences = List.copyOf(sentences);
    }

    /**
     * One MAML method against PT.
     *
     * @param method the MAML method
     * @param datasetsCompared datasets on which both it and PT ran
     * @param datasetsWon datasets it won (gap ≥ the minimum, non-overlapping CIs when required)
     * @param datasetsNeeded datasets it had to win
     * @param gapMet whether it won enough
     * @param steeperSlope whether its slope on diversity exceeds PT's
     * @param met whether it meets every required criterion
     */
    public record MethodVerdict(Method method, int datasetsCompared, int datasetsWon, int datasetsNeeded,
            boolean gapMet, boolean steeperSlope, boolean met) {
    }

    static Verdict of(Criteria criteria, List<MethodTrend> trends, List<DatasetGap> gaps,
            List<SlopeComparison> slopes, List<Cost> costs, boolean hasPt) {
        List<String> s = new ArrayList<>();
        trends.forEach(t -> s.add(trendSentence(t)));
        List<MethodVerdict> verdicts = new ArrayList<>();
        for (SlopeComparison slope : slopes) {
            if (!hasPt) {
                continue;
            }
            List<DatasetGap> mine = gaps.stream().filter(g -> g.method() == slope.method()).toList();
            int won = (int) mine.stream().filter(DatasetGap::win).count();
            int needed = criteria.datasetsNeeded(mine.size());
            boolean gapMet = !mine.isEmpty() && won >= needed;
            boolean steeper = slope.steeper();
            verdicts.add(new MethodVerdict(slope.method(), mine.size(), won, needed, gapMet, steeper,
                    gapMet && (steeper || !criteria.requireSteeperSlope())));
            s.add(gapSentence(criteria, slope.method(), mine, won, needed));
            s.add(slopeSentence(slope));
        }
        costs.forEach(c -> s.add(costSentence(c)));
        boolean any = !verdicts.isEmpty();
        boolean gapMet = any && verdicts.stream().allMatch(MethodVerdict::gapMet);
        boolean slopeMet = any && verdicts.stream().allMatch(MethodVerdict::steeperSlope);
        boolean met = gapMet && (slopeMet || !criteria.requireSteeperSlope());
        s.add(overall(met, hasPt, slopes.isEmpty(), verdicts, criteria));
        return new Verdict(met, gapMet, slopeMet, verdicts, s);
    }

    private static String trendSentence(MethodTrend trend) {
        Regression r = trend.accuracy();
        String m = name(trend.method());
        return switch (r.status()) {
            case COMPUTED -> {
                if (r.r2() == null || r.pValue() == null) {
                    yield m + "'s accuracy is the same on every dataset, so it does not follow diversity.";
                }
                String numbers = ": R² " + num2(r.r2()) + ", slope " + perStep(r.slope()) + " ± "
                        + perStep(r.slopeCi95()) + " points per 0.1 of diversity (" + p(r.pValue()) + ", " + r.n()
                        + " datasets).";
                if (r.pValue() < SIGNIFICANCE) {
                    yield (r.slope() > 0 ? "Accuracy follows diversity for " : "Accuracy falls as diversity rises for ")
                            + m + numbers;
                }
                yield "Not shown that accuracy follows diversity for " + m + numbers;
            }
            case ESTIMATE_ONLY -> "Not shown for " + m + ": 2 datasets give a slope of " + perStep(r.slope())
                    + " points per 0.1 of diversity, but at least " + Regression.MIN_POINTS_FOR_CI
                    + " are needed to tell whether accuracy follows diversity.";
            default -> "Not shown for " + m + ": not enough data to relate its accuracy to diversity: " + r.note()
                    + ".";
        };
    }

    private static String gapSentence(Criteria criteria, Method method, List<DatasetGap> gaps, int won, int needed) {
        if (gaps.isEmpty()) {
            return name(method) + " and PT never ran on the same dataset, so they cannot be compared.";
        }
        double meanGap = gaps.stream().mapToDouble(DatasetGap::gapPoints).average().orElseThrow();
        return name(method) + " beats PT by ≥ " + num(criteria.minGapPoints()) + " points"
                + (criteria.requireNonOverlappingCi() ? " with non-overlapping 95% CIs" : "") + " on "
                + (won < needed ? "only " : "") + won + " of " + gaps.size() + " datasets (needed " + needed
                + "; average gap " + signed(meanGap) + " points).";
    }

    private static String slopeSentence(SlopeComparison c) {
        String m = name(c.method());
        if (c.status() != Status.COMPUTED) {
            return "Not enough data to compare the slopes of " + m + " and PT: " + c.note() + ".";
        }
        String numbers = "difference " + perStep(c.difference()) + " points per 0.1 of diversity, 95% CI "
                + interval(c.differenceCiLow(), c.differenceCiHigh()) + ", " + p(c.pValue());
        SlopeComparison.Bootstrap b = c.bootstrap();
        String check = b.ciLow() == null ? "; the bootstrap over datasets had too few usable resamples to check it"
                : "; a bootstrap over datasets " + (b.agreesInSign() ? "agrees" : "disagrees") + " (95% CI "
                        + interval(b.ciLow(), b.ciHigh()) + ")";
        if (c.steeper()) {
            return m + "'s accuracy rises faster with diversity than PT's: " + numbers + check + ".";
        }
        if (c.differenceCiLow() > 0) {
            return m + "'s slope exceeds PT's by regression (" + numbers + ")" + check
                    + ", so it does not clearly exceed it.";
        }
        return m + "'s slope does not exceed PT's: " + numbers + check + ".";
    }

    private static String costSentence(Cost c) {
        String s = name(c.method()) + " used " + duration(c.totalCpuSeconds(), "CPU") + " over " + c.runs()
                + (c.runs() == 1 ? " run" : " runs") + " (" + duration(c.totalWallSeconds(), "wall") + ")";
        if (c.accuracyPointsPerCpuHour() != null) {
            s += ", " + num(c.accuracyPointsPerCpuHour()) + " accuracy points per CPU-hour";
        }
        if (c.cpuPerRunVsPt() != null && c.method() != Method.PT) {
            s += ", " + num(c.cpuPerRunVsPt()) + "× PT's CPU time per run";
        }
        return s + ".";
    }

    private static String overall(boolean met, boolean hasPt, boolean noMaml, List<MethodVerdict> verdicts,
            Criteria criteria) {
        if (!hasPt) {
            return "Overall: the success criteria are not met: the study has no PT runs to compare MAML with.";
        }
        if (noMaml) {
            return "Overall: the success criteria are not met: the study has no MAML runs to compare with PT.";
        }
        if (met) {
            return "Overall: the success criteria are met.";
        }
        List<String> failed = new ArrayList<>();
        for (MethodVerdict v : verdicts) {
            if (!v.gapMet()) {
                failed.add(name(v.method()) + " won too few datasets");
            }
            if (criteria.requireSteeperSlope() && !v.steeperSlope()) {
                failed.add(name(v.method()) + "'s slope is not clearly steeper than PT's");
            }
        }
        return "Overall: the success criteria are not met (" + String.join("; ", failed) + ").";
    }
}
