package io.metadiv.study.analysis;

import io.metadiv.training.RunSpec.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a study's conclusions survive a change of diversity probe. Diversity depends on the probe (a probe trained
 * on the data can rank datasets differently from a random one), so the same runs are analysed under a second probe's
 * coefficients; accuracies and gaps do not change, the slopes and the slope criterion may.
 *
 * @param verdictHolds the overall verdict and the slope criterion are the same under both probes
 * @param methods per method: the accuracy-on-diversity slope under each probe
 * @param sentences the finding in plain words
 */
public record ProbeAgreement(boolean verdictHolds, List<MethodAgreement> methods, List<String> sentences) {

    /**
     * One method's slope under each probe.
     *
     * @param sameDirection both slopes have the same sign (null when either is missing)
     */
    public record MethodAgreement(Method method, Double slopeFirst, Double r2First, Double slopeSecond,
            Double r2Second, Boolean sameDirection) {
    }

    /**
     * @param first the analysis under the study's probe
     * @param second the same runs under the second probe
     */
    public static ProbeAgreement of(StudyAnalysis first, StudyAnalysis second, String firstProbe,
            String secondProbe) {
        List<MethodAgreement> methods = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        for (MethodTrend a : first.trends()) {
            MethodTrend b = second.trends().stream().filter(t -> t.method() == a.method()).findFirst().orElse(null);
            Double slopeB = b == null ? null : b.accuracy().slope();
            Boolean same = a.accuracy().slope() == null || slopeB == null ? null
                    : Math.signum(a.accuracy().slope()) == Math.signum(slopeB);
            methods.add(new MethodAgreement(a.method(), a.accuracy().slope(), a.accuracy().r2(), slopeB,
                    b == null ? null : b.accuracy().r2(), same));
            if (Boolean.FALSE.equals(same)) {
                sentences.add(String.format(Locale.ROOT, "%s: accuracy rises with diversity under one probe and "
                        + "falls under the other (slopes %+.1f and %+.1f points per unit).", StudyText.name(a.method()),
                        a.accuracy().slope(), slopeB));
            }
        }
        boolean holds = first.verdict().met() == second.verdict().met()
                && first.verdict().slopeCriterionMet() == second.verdict().slopeCriterionMet();
        sentences.add(0, holds ? "The verdict holds under both probes (" + firstProbe + "; " + secondProbe + ")."
                : "The verdict depends on the probe: " + (first.verdict().met() ? "met" : "not met") + " under "
                        + firstProbe + ", " + (second.verdict().met() ? "met" : "not met") + " under " + secondProbe
                        + ". Treat conclusions about diversity with care.");
        return new ProbeAgreement(holds, List.copyOf(methods), List.copyOf(sentences));
    }
}
