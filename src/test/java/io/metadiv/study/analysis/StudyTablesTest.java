package io.metadiv.study.analysis;

import static io.metadiv.study.analysis.StudyFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.training.RunSpec.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's table cells say what the verdict's sentences say, in the same units. */
class StudyTablesTest {

    @Test
    void cellsUseTheSentencesUnitsAndNumbers() {
        StudyAnalysis a = StudyAnalysis.of(StudyFixtures.sampleStudy(), Criteria.defaults(), 7);
        List<String> sentences = a.verdict().sentences();

        List<StudyTables.TrendRow> trends = StudyTables.trends(a);
        assertThat(trends).extracting(StudyTables.TrendRow::method).containsExactly("HO-MAML", "FO-MAML", "PT");
        for (StudyTables.TrendRow t : trends) {
            assertThat(t.datasets()).isEqualTo(6);
            assertThat(t.runs()).isEqualTo(18);
            // "slope 16.0 ± 3.1 points per 0.1 of diversity" in the sentence, "16.0 ± 3.1" in the table
            assertThat(sentences).anyMatch(s -> s.contains(t.method() + ":") && s.contains("R² " + t.r2())
                    && s.contains("slope " + t.slope() + " " + StudyTables.SLOPE_UNIT));
        }
        Regression pt = a.trend(Method.PT).accuracy();
        assertThat(trends.get(2).slope()).isEqualTo(StudyText.perStep(pt.slope()) + " ± "
                + StudyText.perStep(pt.slopeCi95()));
        assertThat(trends.get(2).intercept()).isEqualTo(StudyText.num(pt.intercept()) + " ± "
                + StudyText.num(pt.interceptCi95()));

        for (StudyTables.SlopeRow s : StudyTables.slopes(a)) {
            assertThat(sentences).anyMatch(t -> t.startsWith(s.method() + "'s") && t.contains("difference "
                    + s.difference().replace("+", "") + " points per 0.1 of diversity, 95% CI " + s.ci()));
        }

        List<StudyTables.GapRow> gaps = StudyTables.gaps(a);
        assertThat(gaps).hasSize(12);
        assertThat(gaps).extracting(StudyTables.GapRow::diversity).isSorted();
        assertThat(gaps).allSatisfy(g -> assertThat(g.outcome().equals("WIN")).isEqualTo(g.win()));
        assertThat(gaps).extracting(StudyTables.GapRow::outcome).containsAnyOf("WIN", "CIs overlap");

        assertThat(StudyTables.costs(a)).extracting(StudyTables.CostRow::cpuVsPt).containsExactly("1.0×", "1.0×",
                StudyTables.MISSING);
        List<StudyTables.CriterionRow> criteria = StudyTables.criteria(a);
        assertThat(criteria).hasSize(4).allMatch(StudyTables.CriterionRow::required);
        assertThat(criteria.get(0).evidence()).matches("won \\d of 6 datasets, needed 4");
    }

    @Test
    void whatCannotBeComputedIsADashWithTheReason() {
        List<Observation> runs = new ArrayList<>();
        for (Method m : List.of(Method.FO_MAML, Method.PT)) {
            runs.add(run("A", m, 0, 0.1, 0.5, 0.01));
            runs.add(run("B", m, 0, 0.2, 0.6, 0.01));
        }
        StudyAnalysis a = StudyAnalysis.of(runs, new Criteria(1.0, Criteria.MAJORITY, true, false), 0);

        StudyTables.TrendRow trend = StudyTables.trends(a).get(0);
        assertThat(trend.slope()).isEqualTo("10.0");
        assertThat(List.of(trend.r2(), trend.pearsonR(), trend.pValue())).containsOnly(StudyTables.MISSING);
        assertThat(trend.note()).contains("no confidence interval");
        StudyTables.SlopeRow slope = StudyTables.slopes(a).get(0);
        assertThat(List.of(slope.difference(), slope.ci(), slope.bootstrapCi())).containsOnly(StudyTables.MISSING);
        assertThat(slope.note()).contains("at least 3 datasets");
        StudyTables.CriterionRow steeper = StudyTables.criteria(a).get(1);
        assertThat(steeper.required()).isFalse();
        assertThat(steeper.evidence()).isEqualTo(slope.note());
        assertThat(StudyTables.pValue(0.0004)).isEqualTo("< 0.001");
        assertThat(StudyTables.pValue(0.41)).isEqualTo("0.41");
    }
}
