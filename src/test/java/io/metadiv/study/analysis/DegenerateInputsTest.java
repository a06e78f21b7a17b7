package io.metadiv.study.analysis;

import static io.metadiv.study.analysis.StudyFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.metadiv.training.RunSpec.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class DegenerateInputsTest {

    /** Every number reachable from the analysis is finite: JSON has no NaN or infinity. */
    static void assertNoNaN(Object value, String path) throws Exception {
        if (value instanceof Double d) {
            assertThat(d).as(path).isFinite();
        } else if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                assertNoNaN(o, path + "[" + i++ + "]");
            }
        } else if (value instanceof Record r) {
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                assertNoNaN(rc.getAccessor().invoke(r), path + "." + rc.getName());
            }
        }
    }

    static StudyAnalysis analyse(List<Observation> runs) throws Exception {
        StudyAnalysis analysis = StudyAnalysis.of(runs, Criteria.defaults(), 3);
        assertNoNaN(analysis, "analysis");
        assertThat(analysis.verdict().sentences()).noneMatch(s -> s.contains("NaN") || s.contains("null"));
        return analysis;
    }

    static List<Observation> allMethods(String dataset, double diversity) {
        List<Observation> runs = new ArrayList<>();
        for (Method m : Method.values()) {
            runs.add(run(dataset, m, 0, diversity, m == Method.PT ? 0.5 : 0.55, 0.01));
        }
        return runs;
    }

    @Test
    void oneDatasetSaysNotEnoughData() throws Exception {
        StudyAnalysis a = analyse(allMethods("Solo", 0.2));

        assertThat(a.trends()).allMatch(t -> t.accuracy().status() == Status.TOO_FEW_DATASETS);
        assertThat(a.slopeComparisons()).allMatch(c -> c.status() == Status.TOO_FEW_DATASETS && c.bootstrap() == null);
        assertThat(a.gaps()).hasSize(2).allMatch(g -> Math.abs(g.gapPoints() - 5) < 1e-9);
        assertThat(a.verdict().gapCriterionMet()).isTrue();
        assertThat(a.verdict().slopeCriterionMet()).isFalse();
        assertThat(a.verdict().met()).isFalse();
        assertThat(a.verdict().sentences()).contains("Not shown for PT: not enough data to relate its accuracy to "
                + "diversity: a line needs at least 2 datasets, accuracy has 1.", "Not enough data to compare the slopes of FO-MAML and "
                + "PT: comparing slopes needs at least 3 datasets on which both FO-MAML and PT ran, has 1.");
    }

    @Test
    void twoDatasetsGiveSlopesWithoutUncertainty() throws Exception {
        List<Observation> runs = new ArrayList<>(allMethods("A", 0.1));
        runs.addAll(allMethods("B", 0.3));
        StudyAnalysis a = analyse(runs);

        assertThat(a.trends()).allMatch(t -> t.accuracy().status() == Status.ESTIMATE_ONLY);
        assertThat(a.verdict().sentences()).contains("Not shown for PT: 2 datasets give a slope of 0.0 points per 0.1 of "
                + "diversity, but at least 3 are needed to tell whether accuracy follows diversity.");
    }

    @Test
    void equalDiversitiesHaveNoSlope() throws Exception {
        List<Observation> runs = new ArrayList<>();
        for (String name : List.of("A", "B", "C", "D")) {
            runs.addAll(allMethods(name, 0.2));
        }
        StudyAnalysis a = analyse(runs);

        assertThat(a.trends()).allMatch(t -> t.accuracy().status() == Status.NO_DIVERSITY_SPREAD);
        assertThat(a.slopeComparisons()).allMatch(c -> c.status() == Status.NO_DIVERSITY_SPREAD);
        assertThat(a.verdict().slopeCriterionMet()).isFalse();
    }

    @Test
    void missingPtMeansNothingToCompareWith() throws Exception {
        List<Observation> runs = StudyFixtures.linearStudy(SlopeComparisonTest.DIVERSITIES, 2, 0.01, 1,
                new double[] {0.3, 1}, new double[] {0.3, 1}, null);
        StudyAnalysis a = analyse(runs);

        assertThat(a.slopeComparisons()).extracting(SlopeComparison::status).containsOnly(Status.NO_BASELINE);
        assertThat(a.gaps()).isEmpty();
        assertThat(a.verdict().methods()).isEmpty();
        assertThat(a.verdict().met()).isFalse();
        assertThat(a.costs()).allMatch(c -> c.cpuPerRunVsPt() == null);
        assertThat(a.verdict().sentences()).last().isEqualTo("Overall: the success criteria are not met: the study "
                + "has no PT runs to compare MAML with.");
    }

    @Test
    void ptAloneOrNoRunsAtAll() throws Exception {
        StudyAnalysis pt = analyse(StudyFixtures.linearStudy(SlopeComparisonTest.DIVERSITIES, 1, 0.01, 1, null, null,
                new double[] {0.4, 0.5}));
        assertThat(pt.slopeComparisons()).isEmpty();
        assertThat(pt.verdict().met()).isFalse();
        assertThat(pt.verdict().sentences()).last().asString().contains("no MAML runs");

        StudyAnalysis none = analyse(List.of());
        assertThat(none.runs()).isZero();
        assertThat(none.trends()).isEmpty();
        assertThat(none.verdict().met()).isFalse();
    }

    @Test
    void lossIsRegressedOnlyWhenRecorded() throws Exception {
        StudyAnalysis withLoss = analyse(StudyFixtures.sampleStudy());
        Regression loss = withLoss.trend(Method.PT).loss();
        assertThat(loss.n()).isEqualTo(6);
        assertThat(loss.runs()).isEqualTo(18);
        assertThat(loss.slope()).isNegative(); // the fixture's loss is 1 − accuracy

        List<Observation> noLoss = StudyFixtures.sampleStudy().stream().map(o -> new Observation(o.datasetId(),
                o.datasetName(), o.method(), o.seed(), o.diversity(), o.diversityCi95(), o.accuracy(),
                o.accuracyCi95(), null, o.cpuSeconds(), o.wallSeconds())).toList();
        assertThat(analyse(noLoss).trends()).allMatch(t -> t.loss() == null);
    }

    @Test
    void zeroCpuTimeHasNoRate() throws Exception {
        StudyAnalysis a = analyse(List.of(new Observation("a", "A", Method.PT, 0, 0.2, 0, 0.5, 0, null, 0, 0)));
        assertThat(a.costs().get(0).accuracyPointsPerCpuHour()).isNull();
        assertThat(a.costs().get(0).meanAccuracyPoints()).isCloseTo(50, within(1e-9));
    }

    @Test
    void invalidInputIsRejectedNamingTheField() {
        List<Observation> runs = List.of(run("A", Method.PT, 0, 0.2, 0.5, 0.01),
                new Observation("b", "B", Method.PT, 0, Double.NaN, 0.01, 1.5, 0.01, null, 1, 1));
        assertThatThrownBy(() -> StudyAnalysis.of(runs, Criteria.defaults(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observations[1].diversity must be a finite number, got NaN")
                .hasMessageContaining("observations[1].accuracy must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> StudyAnalysis.of(List.of(), new Criteria(-1, 0, true, true), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("criteria.minGapPoints must be in [0, 100] (accuracy points), got -1.0");
    }

    @Test
    void criteriaViolationsNameFieldAndRange() {
        assertThat(Criteria.defaults().violations()).isEmpty();
        assertThat(Criteria.defaults()).isEqualTo(new Criteria(1.0, Criteria.MAJORITY, true, true));
        assertThat(new Criteria(101, -2, false, false).violations())
                .extracting(v -> v.field() + ": " + v.message())
                .containsExactly("minGapPoints: must be in [0, 100] (accuracy points), got 101.0",
                        "minDatasets: must be in [0, 10000] (0 = a majority), got -2");
        assertThat(Criteria.defaults().datasetsNeeded(4)).isEqualTo(3);
        assertThat(Criteria.defaults().datasetsNeeded(5)).isEqualTo(3);
        assertThat(new Criteria(1, 2, true, true).datasetsNeeded(5)).isEqualTo(2);
    }
}
