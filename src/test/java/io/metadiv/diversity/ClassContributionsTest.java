package io.metadiv.diversity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.metadiv.diversity.ClassContributions.ClassContribution;
import io.metadiv.diversity.ClassContributions.Effect;
import io.metadiv.diversity.ClassContributions.ClassNearDuplicate;
import io.metadiv.diversity.ClassContributions.ClassRanking;
import io.metadiv.diversity.ClassContributions.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassContributionsTest {

    private static final double EPS = 1e-12;

    /** Twelve tasks: 0 to 6 are 0.1 apart, 7 to 11 are 0.2 apart and 0.7 from each of the first seven. */
    private static final double[][] TWELVE = blocks(7, 5, 0.1, 0.2, 0.7);
    private static final List<Unit> UNITS = List.of(
            new Unit("a", new int[] {0, 1, 2, 3, 4, 5}),
            new Unit("odd", new int[] {7, 8, 9, 10, 11}),
            new Unit("b", new int[] {1, 2, 3, 4, 5, 6}),
            new Unit("few", new int[] {7, 8, 9, 10}),
            new Unit("most", new int[] {0, 1, 2, 3, 4, 5, 6, 7}));

    private static double[][] blocks(int first, int second, double inFirst, double inSecond, double across) {
        int t = first + second;
        double[][] d = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                if (i != j) {
                    d[i][j] = i < first && j < first ? inFirst : i >= first && j >= first ? inSecond : across;
                }
            }
        }
        return d;
    }

    private static ClassContribution named(ClassRanking r, String name) {
        return r.contributions().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void handMadeMatrixGivesTheLeaveOutContributionsPairMeansAndRanking() {
        ClassRanking r = ClassContributions.of(TWELVE, UNITS, 200, 1);

        // 66 pairs: 21 × 0.1 + 10 × 0.2 + 35 × 0.7 = 28.6.
        double coefficient = 28.6 / 66;
        assertThat(r.coefficient()).isCloseTo(coefficient, within(EPS));
        assertThat(r.tasks()).isEqualTo(12);
        ClassContribution odd = named(r, "odd");
        assertThat(odd.withoutCoefficient()).as("tasks 0 to 6 alone").isCloseTo(0.1, within(EPS));
        assertThat(odd.contribution()).isCloseTo(coefficient - 0.1, within(EPS));
        assertThat(odd.pairMean()).as("the 45 pairs with a task of 7 to 11: (2.0 + 24.5) / 45")
                .isCloseTo(26.5 / 45, within(EPS));
        ClassContribution a = named(r, "a");
        // Without tasks 0 to 5: task 6 and 7 to 11, 15 pairs: 10 × 0.2 + 5 × 0.7 = 5.5.
        assertThat(a.withoutCoefficient()).isCloseTo(5.5 / 15, within(EPS));
        assertThat(a.contribution()).isCloseTo(coefficient - 5.5 / 15, within(EPS));
        assertThat(a.pairMean()).isCloseTo(23.1 / 51, within(EPS));
        assertThat(named(r, "b").contribution()).as("b is a's mirror image").isCloseTo(a.contribution(), within(EPS));

        assertThat(r.contributions()).extracting(ClassContribution::name)
                .containsExactly("odd", "a", "b", "few", "most");
        assertThat(r.contributions()).extracting(ClassContribution::rank).containsExactly(1, 2, 3, null, null);
        ClassContribution few = named(r, "few");
        assertThat(few.contribution()).isNull();
        assertThat(few.ci95Low()).isNull();
        assertThat(few.effect()).isNull();
        assertThat(few.resamplesUsed()).isNull();
        assertThat(few.reason()).contains("in 4 of the 12 tasks", "at least 5 tasks with it");
        assertThat(named(r, "most").reason()).contains("in 8 of the 12 tasks", "at least 5 tasks without it");
        assertThat(named(r, "most").contribution()).isNull();
        assertThat(odd.resamplesUsed()).isBetween(190, 200);

        // a × b: 6 × 6 task pairs less the 5 shared tasks, every one 0.1 apart, below 0.5 × the coefficient.
        assertThat(r.nearDuplicates()).hasSize(1);
        ClassNearDuplicate ab = r.nearDuplicates().get(0);
        assertThat(ab.a() + " " + ab.b()).isEqualTo("a b");
        assertThat(ab.meanDistance()).isCloseTo(0.1, within(EPS));
        assertThat(ab.ratio()).isCloseTo(0.1 / coefficient, within(EPS));
        assertThat(ab.taskPairs()).isEqualTo(31);
    }

    /** The bootstrap by its definition: draws of task indices, means over pairs of draws of distinct tasks. */
    private static double[] naiveBootstrap(double[][] d, int[] unit, int resamples, long seed) {
        Random random = new Random(seed);
        int t = d.length;
        List<Double> contributions = new ArrayList<>();
        for (int r = 0; r < resamples; r++) {
            int[] idx = new int[t];
            for (int k = 0; k < t; k++) {
                idx[k] = random.nextInt(t);
            }
            double all = 0;
            int allPairs = 0;
            double rest = 0;
            int restPairs = 0;
            for (int x = 0; x < t; x++) {
                for (int y = 0; y < t; y++) {
                    if (x == y || idx[x] == idx[y]) {
                        continue;
                    }
                    all += d[idx[x]][idx[y]];
                    allPairs++;
                    int i = idx[x];
                    int j = idx[y];
                    if (Arrays.stream(unit).noneMatch(u -> u == i) && Arrays.stream(unit).noneMatch(u -> u == j)) {
                        rest += d[i][j];
                        restPairs++;
                    }
                }
            }
            if (restPairs > 0 && allPairs > restPairs) {
                contributions.add(all / allPairs - rest / restPairs);
            }
        }
        return contributions.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** 24 tasks: 18 within 0.1 to 0.2 of each other, 6 (those with class X) 0.6 to 0.8 from those. */
    private static double[][] oddOneOut() {
        Random random = new Random(7);
        int t = 24;
        double[][] d = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                boolean odd = (i >= 18) != (j >= 18);
                d[i][j] = d[j][i] = odd ? 0.6 + 0.2 * random.nextDouble() : 0.1 + 0.1 * random.nextDouble();
            }
        }
        return d;
    }

    @Test
    void bootstrapIntervalMatchesTheDefinitionAndResolvesTheOddClass() {
        double[][] d = oddOneOut();
        List<Unit> units = List.of(new Unit("X", new int[] {18, 19, 20, 21, 22, 23}),
                new Unit("Y", IntStream.range(0, 8).toArray()), new Unit("Z", new int[] {4, 9, 12, 19, 21}));
        ClassRanking r = ClassContributions.of(d, units, 500, 11);

        for (Unit unit : units) {
            double[] naive = naiveBootstrap(d, unit.tasks(), 500, 11);
            ClassContribution c = named(r, unit.name());
            assertThat(c.ci95Low()).as(unit.name()).isCloseTo(ClassContributions.quantile(naive, 0.025), within(1e-9));
            assertThat(c.ci95High()).as(unit.name()).isCloseTo(ClassContributions.quantile(naive, 0.975),
                    within(1e-9));
            assertThat(c.resamplesUsed()).as(unit.name()).isEqualTo(naive.length);
        }
        ClassContribution x = r.contributions().get(0);
        assertThat(x.name()).isEqualTo("X");
        assertThat(x.effect()).isEqualTo(Effect.ADDS);
        assertThat(x.ci95Low()).isPositive();
        assertThat(x.ci95Low()).isLessThan(x.contribution());
        assertThat(x.ci95High()).isGreaterThan(x.contribution());
        assertThat(named(r, "Y").effect()).as("Y's tasks are the alike ones: without them the rest is further apart")
                .isEqualTo(Effect.LOWERS);
        assertThat(r.nearDuplicates()).as("X's tasks are far from Y's, and Z's straddle both").isEmpty();

        assertThat(ClassContributions.of(d, units, 500, 11)).as("seeded").isEqualTo(r);
        assertThat(ClassContributions.of(d, units, 500, 12).contributions().get(0).ci95Low())
                .isNotEqualTo(x.ci95Low());

        List<String> advice = ContributionAdvice.of(r, null);
        assertThat(advice.get(0)).startsWith("Class X adds the most diversity").contains(String.format(
                java.util.Locale.ROOT, "%.3f", r.coefficient()));
        assertThat(String.join(" ", advice)).contains("Y (to ");
    }

    @Test
    void resamplesAndSeedAreRangeChecked() {
        assertThatThrownBy(() -> ClassContributions.of(TWELVE, UNITS, 99, 0)).hasMessageContaining("[100, 10000]");
        assertThatThrownBy(() -> ClassContributions.of(TWELVE, UNITS, 10_001, 0)).hasMessageContaining("resamples");
        assertThatThrownBy(() -> ClassContributions.of(TWELVE, UNITS, 100, -1))
                .hasMessageContaining("seed must be >= 0, got -1");
    }
}
