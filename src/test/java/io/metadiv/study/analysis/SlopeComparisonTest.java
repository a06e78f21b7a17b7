package io.metadiv.study.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metadiv.training.RunSpec.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlopeComparisonTest {

    static final double[] DIVERSITIES = {0.05, 0.09, 0.13, 0.17, 0.21, 0.25, 0.29, 0.33};

    /** FO-MAML: 0.3 + 2·div, PT: 0.45 + 0.5·div (fractions), 3 seeds, half a point of noise per run. */
    static List<Observation> steeperMaml(long noiseSeed) {
        return StudyFixtures.linearStudy(DIVERSITIES, 3, 0.005, noiseSeed, null, new double[] {0.30, 2.0},
                new double[] {0.45, 0.5});
    }

    @Test
    void interactionFindsTheDifferenceOfSlopes() {
        StudyAnalysis analysis = StudyAnalysis.of(steeperMaml(7), Criteria.defaults(), 11);
        SlopeComparison c = analysis.slopeComparison(Method.FO_MAML);

        // slopes in points per unit of diversity: 200 and 50, difference 150
        assertThat(c.status()).isEqualTo(Status.COMPUTED);
        assertThat(c.datasets()).isEqualTo(8);
        assertThat(c.mamlSlope()).isCloseTo(200, within(10.0));
        assertThat(c.ptSlope()).isCloseTo(50, within(10.0));
        assertThat(c.difference()).isCloseTo(150, within(10.0));
        assertThat(c.differenceCiLow()).isPositive();
        assertThat(c.differenceCiHigh()).isGreaterThan(c.difference());
        assertThat(c.pValue()).isLessThan(0.05);
        // the interaction's b1 and b1 + b3 are the two methods' own slopes
        assertThat(c.mamlSlope()).isCloseTo(analysis.trend(Method.FO_MAML).accuracy().slope(), within(1e-9));
        assertThat(c.ptSlope()).isCloseTo(analysis.trend(Method.PT).accuracy().slope(), within(1e-9));

        SlopeComparison.Bootstrap b = c.bootstrap();
        assertThat(b.samples()).isEqualTo(SlopeComparison.DEFAULT_BOOTSTRAP_SAMPLES);
        assertThat(b.used()).isGreaterThan(b.samples() * 9 / 10);
        assertThat(b.ciLow()).isPositive();
        assertThat(b.ciLow()).isLessThan(c.difference());
        assertThat(b.ciHigh()).isGreaterThan(c.difference());
        assertThat(b.agreesInSign()).isTrue();
        assertThat(c.steeper()).isTrue();
        assertThat(analysis.verdict().slopeCriterionMet()).isTrue();
    }

    @Test
    void reversedSlopesAreNotSteeper() {
        List<Observation> runs = StudyFixtures.linearStudy(DIVERSITIES, 3, 0.005, 7, null,
                new double[] {0.45, 0.5}, new double[] {0.30, 2.0});
        StudyAnalysis analysis = StudyAnalysis.of(runs, Criteria.defaults(), 11);
        SlopeComparison c = analysis.slopeComparison(Method.FO_MAML);

        assertThat(c.difference()).isCloseTo(-150, within(10.0));
        assertThat(c.differenceCiHigh()).isNegative();
        assertThat(c.bootstrap().ciHigh()).isNegative();
        assertThat(c.steeper()).isFalse();
        assertThat(analysis.verdict().slopeCriterionMet()).isFalse();
        assertThat(analysis.verdict().met()).isFalse();
        assertThat(analysis.verdict().sentences()).anyMatch(s -> s.startsWith("FO-MAML's slope does not exceed PT's"));
    }

    @Test
    void equalSlopesAreNotSteeper() {
        List<Observation> runs = StudyFixtures.linearStudy(DIVERSITIES, 3, 0.02, 3, null, new double[] {0.35, 1.0},
                new double[] {0.30, 1.0});
        SlopeComparison c = StudyAnalysis.of(runs, Criteria.defaults(), 11).slopeComparison(Method.FO_MAML);

        assertThat(c.differenceCiLow()).isNegative();
        assertThat(c.differenceCiHigh()).isPositive();
        assertThat(c.pValue()).isGreaterThan(0.05);
        assertThat(c.steeper()).isFalse();
    }

    @Test
    void sameSeedSameBootstrapWhateverTheInputOrder() {
        List<Observation> runs = steeperMaml(7);
        List<Observation> shuffled = new ArrayList<>(runs);
        Collections.shuffle(shuffled, new Random(99));

        StudyAnalysis a = StudyAnalysis.of(runs, Criteria.defaults(), 11);
        StudyAnalysis b = StudyAnalysis.of(shuffled, Criteria.defaults(), 11);
        StudyAnalysis other = StudyAnalysis.of(runs, Criteria.defaults(), 12);

        assertThat(b).isEqualTo(a);
        assertThat(other.slopeComparison(Method.FO_MAML).bootstrap().ciLow())
                .isNotEqualTo(a.slopeComparison(Method.FO_MAML).bootstrap().ciLow());
        // the regression part does not depend on the seed
        assertThat(other.slopeComparison(Method.FO_MAML).difference())
                .isEqualTo(a.slopeComparison(Method.FO_MAML).difference());
    }

    @Test
    void addingAnotherMamlMethodDoesNotChangeTheBootstrapOfTheFirst() {
        List<Observation> fo = steeperMaml(7);
        List<Observation> both = new ArrayList<>(fo);
        both.addAll(StudyFixtures.linearStudy(DIVERSITIES, 3, 0.005, 8, new double[] {0.3, 1.8}, null, null));

        assertThat(StudyAnalysis.of(both, Criteria.defaults(), 11).slopeComparison(Method.FO_MAML))
                .isEqualTo(StudyAnalysis.of(fo, Criteria.defaults(), 11).slopeComparison(Method.FO_MAML));
    }
}
