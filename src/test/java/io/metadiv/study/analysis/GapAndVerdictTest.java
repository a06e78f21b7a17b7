package io.metadiv.study.analysis;

import static io.metadiv.study.analysis.StudyFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metadiv.study.analysis.DatasetGap.GapCiSource;
import io.metadiv.training.RunSpec.Method;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.distribution.continuous.TDistribution;
import org.junit.jupiter.api.Test;

class GapAndVerdictTest {

    static final Criteria GAP_ONLY = new Criteria(1.0, Criteria.MAJORITY, true, false);

    @Test
    void singleRunsCombineTheirHalfWidths() {
        List<Observation> runs = List.of(run("A", Method.FO_MAML, 0, 0.2, 0.60, 0.012),
                run("A", Method.PT, 0, 0.2, 0.55, 0.009));
        DatasetGap gap = StudyAnalysis.of(runs, Criteria.defaults(), 1).gaps().get(0);

        assertThat(gap.gapPoints()).isCloseTo(5.0, within(1e-9));
        assertThat(gap.gapCi95Points()).isCloseTo(1.5, within(1e-9)); // √(1.2² + 0.9²)
        assertThat(gap.gapCiSource()).isEqualTo(GapCiSource.COMBINED_HALF_WIDTHS);
        assertThat(gap.ciOverlap()).isFalse();
        assertThat(gap.win()).isTrue();
    }

    /** Welch: expected se and Welch–Satterthwaite df by hand; only the t quantile comes from Hipparchus. */
    @Test
    void seedsGiveAWelchInterval() {
        double[] fo = {60, 62, 61};
        double[] pt = {55, 56, 58, 57};
        List<Observation> runs = new ArrayList<>();
        for (int s = 0; s < fo.length; s++) {
            runs.add(run("A", Method.FO_MAML, s, 0.2, fo[s] / 100, 0.01));
        }
        for (int s = 0; s < pt.length; s++) {
            runs.add(run("A", Method.PT, s, 0.2, pt[s] / 100, 0.01));
        }
        DatasetGap gap = StudyAnalysis.of(runs, Criteria.defaults(), 1).gaps().get(0);

        double va = 1.0; // variance of 60, 62, 61
        double vb = 5.0 / 3; // variance of 55, 56, 58, 57
        double a = va / 3;
        double b = vb / 4;
        double df = (a + b) * (a + b) / (a * a / 2 + b * b / 3);
        double half = new TDistribution(df).inverseCumulativeProbability(0.975) * Math.sqrt(a + b);
        assertThat(gap.gapCiSource()).isEqualTo(GapCiSource.WELCH_OVER_SEEDS);
        assertThat(gap.gapPoints()).isCloseTo(61 - 56.5, within(1e-9));
        assertThat(gap.gapCi95Points()).isCloseTo(half, within(1e-9));
        assertThat(df).isCloseTo(4.959, within(0.001));
        // each side's own CI is the t interval of its mean over seeds
        assertThat(gap.mamlCi95Points()).isCloseTo(new TDistribution(2).inverseCumulativeProbability(0.975)
                * Math.sqrt(va / 3), within(1e-9));
    }

    /** FO-MAML ahead of PT by the given points on datasets at diversity 0.1, 0.2, …; tight CIs (0.3 points). */
    static List<Observation> gaps(double... points) {
        List<Observation> runs = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            String name = StudyFixtures.NAMES[i];
            double d = 0.1 * (i + 1);
            double pt = 0.50 + 0.1 * d;
            runs.add(run(name, Method.PT, 0, d, pt, 0.003));
            runs.add(run(name, Method.FO_MAML, 0, d, pt + points[i] / 100, 0.003));
        }
        return runs;
    }

    @Test
    void gapCriterionFlipsWithTheData() {
        StudyAnalysis met = StudyAnalysis.of(gaps(0.3, 3, 3, 3), GAP_ONLY, 1);
        Verdict.MethodVerdict fo = met.verdict().methods().get(0);
        assertThat(fo.datasetsCompared()).isEqualTo(4);
        assertThat(fo.datasetsWon()).isEqualTo(3);
        assertThat(fo.datasetsNeeded()).isEqualTo(3); // a majority of 4
        assertThat(met.verdict().gapCriterionMet()).isTrue();
        assertThat(met.verdict().met()).isTrue();
        assertThat(met.verdict().sentences()).contains("FO-MAML beats PT by ≥ 1.0 points with non-overlapping 95% CIs "
                + "on 3 of 4 datasets (needed 3; average gap +2.3 points).", "Overall: the success criteria are met.");

        StudyAnalysis notMet = StudyAnalysis.of(gaps(0.3, 0.5, 3, 3), GAP_ONLY, 1);
        assertThat(notMet.verdict().gapCriterionMet()).isFalse();
        assertThat(notMet.verdict().met()).isFalse();
        assertThat(notMet.verdict().sentences()).contains("FO-MAML beats PT by ≥ 1.0 points with non-overlapping 95% "
                + "CIs on only 2 of 4 datasets (needed 3; average gap +1.7 points).",
                "Overall: the success criteria are not met (FO-MAML won too few datasets).");

        StudyAnalysis behind = StudyAnalysis.of(gaps(-3, -3, -3, -3), GAP_ONLY, 1);
        assertThat(behind.gaps()).noneMatch(DatasetGap::win);
        assertThat(behind.verdict().met()).isFalse();
    }

    @Test
    void criteriaChangeWhatCountsAsAWin() {
        // 1.5 points ahead with CIs of ±1.2 points each: overlapping
        List<Observation> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            double d = 0.1 * (i + 1);
            runs.add(run(StudyFixtures.NAMES[i], Method.PT, 0, d, 0.50, 0.012));
            runs.add(run(StudyFixtures.NAMES[i], Method.FO_MAML, 0, d, 0.515, 0.012));
        }
        assertThat(StudyAnalysis.of(runs, GAP_ONLY, 1).gaps()).allMatch(DatasetGap::ciOverlap)
                .noneMatch(DatasetGap::win);
        assertThat(StudyAnalysis.of(runs, new Criteria(1.0, 0, false, false), 1).verdict().gapCriterionMet())
                .isTrue();
        assertThat(StudyAnalysis.of(runs, new Criteria(2.0, 0, false, false), 1).verdict().gapCriterionMet())
                .isFalse();
        Verdict allThree = StudyAnalysis.of(runs, new Criteria(1.0, 3, false, false), 1).verdict();
        assertThat(allThree.methods().get(0).datasetsNeeded()).isEqualTo(3);
        assertThat(allThree.gapCriterionMet()).isTrue();
        assertThat(StudyAnalysis.of(runs, new Criteria(1.0, 4, false, false), 1).verdict().gapCriterionMet())
                .isFalse();
    }

    @Test
    void bothMamlMethodsMustMeetTheCriteria() {
        List<Observation> runs = new ArrayList<>(gaps(3, 3, 3));
        for (Observation o : gaps(0, 0, 0)) {
            if (o.method() == Method.FO_MAML) {
                runs.add(new Observation(o.datasetId(), o.datasetName(), Method.HO_MAML, 0, o.diversity(),
                        o.diversityCi95(), o.accuracy(), o.accuracyCi95(), o.loss(), o.cpuSeconds(),
                        o.wallSeconds()));
            }
        }
        Verdict v = StudyAnalysis.of(runs, GAP_ONLY, 1).verdict();
        assertThat(v.methods()).extracting(Verdict.MethodVerdict::method, Verdict.MethodVerdict::gapMet)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Method.HO_MAML, false),
                        org.assertj.core.groups.Tuple.tuple(Method.FO_MAML, true));
        assertThat(v.gapCriterionMet()).isFalse();
        assertThat(v.met()).isFalse();
    }

    @Test
    void sampleStudyReadsWell() {
        StudyAnalysis analysis = StudyAnalysis.of(StudyFixtures.sampleStudy(), Criteria.defaults(), 5);
        List<String> sentences = analysis.verdict().sentences();

        assertThat(sentences).anyMatch(s -> s.matches("Accuracy follows diversity for HO-MAML: R² \\d\\.\\d\\d, slope "
                + "\\d+\\.\\d ± \\d+\\.\\d points per 0\\.1 of diversity \\(p < 0\\.001, 6 datasets\\)\\."));
        assertThat(sentences).anyMatch(s -> s.startsWith("FO-MAML's accuracy rises faster with diversity than PT's: "
                + "difference ") && s.contains("a bootstrap over datasets agrees (95% CI ["));
        assertThat(sentences).contains("PT used 18.0 CPU-minutes over 18 runs (27.0 wall-minutes), "
                + String.format(java.util.Locale.ROOT, "%.1f", analysis.costs().get(2).meanAccuracyPoints() * 60)
                + " accuracy points per CPU-hour.");
        // near the least diverse datasets HO-MAML is level with PT: too few wins for a majority of 6
        assertThat(sentences).contains("HO-MAML beats PT by ≥ 1.0 points with non-overlapping 95% CIs on only 3 of "
                + "6 datasets (needed 4; average gap +10.1 points).");
        assertThat(analysis.verdict().methods()).extracting(Verdict.MethodVerdict::met).containsExactly(false, true);
        assertThat(analysis.verdict().met()).isFalse();
        assertThat(sentences.get(sentences.size() - 1))
                .isEqualTo("Overall: the success criteria are not met (HO-MAML won too few datasets).");
    }

    @Test
    void costComparesCpuTimeWithPt() {
        List<Observation> runs = List.of(
                new Observation("a", "A", Method.PT, 0, 0.2, 0.01, 0.5, 0.01, null, 1800, 1900),
                new Observation("a", "A", Method.FO_MAML, 0, 0.2, 0.01, 0.6, 0.01, null, 3600, 4000),
                new Observation("b", "B", Method.FO_MAML, 0, 0.3, 0.01, 0.7, 0.01, null, 10800, 11000));
        StudyAnalysis analysis = StudyAnalysis.of(runs, Criteria.defaults(), 1);
        Cost fo = analysis.costs().stream().filter(c -> c.method() == Method.FO_MAML).findFirst().orElseThrow();

        assertThat(fo.runs()).isEqualTo(2);
        assertThat(fo.totalCpuSeconds()).isEqualTo(14400);
        assertThat(fo.totalWallSeconds()).isEqualTo(15000);
        assertThat(fo.meanAccuracyPoints()).isCloseTo(65, within(1e-9));
        assertThat(fo.accuracyPointsPerCpuHour()).isCloseTo(65 / 2.0, within(1e-9)); // 2 CPU-hours per run
        assertThat(fo.cpuPerRunVsPt()).isCloseTo(4.0, within(1e-9));
        assertThat(analysis.verdict().sentences()).contains("FO-MAML used 4.0 CPU-hours over 2 runs "
                + "(4.2 wall-hours), 32.5 accuracy points per CPU-hour, 4.0× PT's CPU time per run.");
    }
}
