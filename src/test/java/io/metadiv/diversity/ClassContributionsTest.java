package io.metadiv.diversity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.metadiv.diversity.ClassContributions.Contribution;
import io.metadiv.diversity.ClassContributions.Effect;
import io.metadiv.diversity.ClassContributions.NearDuplicate;
import io.metadiv.diversity.ClassContributions.Ranking;
import io.metadiv.diversity.ClassContributions.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassContributionsTest {

    private static final double EPS = 1e-12;

    /**
     * Five tasks: 0, 1, 2 are 0.1 apart, 3 and 4 are 0.2 apart and 0.7 from each of the first three.
     * Tasks 0 {A, C, F}, 1 {A, B, F}, 2 {B, C, F}, 3 {D, E, F}, 4 {D}.
     */
    private static final double[][] FIVE = {
        {0, 0.1, 0.1, 0.7, 0.7},
        {0.1, 0, 0.1, 0.7, 0.7},
        {0.1, 0.1, 0, 0.7, 0.7},
        {0.7, 0.7, 0.7, 0, 0.2},
        {0.7, 0.7, 0.7, 0.2, 0}};
    private static final List<Unit> UNITS = List.of(new Unit("A", new int[] {0, 1}), new Unit("B", new int[] {1, 2}),
            new Unit("C", new int[] {0, 2}), new Unit("D", new int[] {3, 4}), new Unit("E", new int[] {3}),
            new Unit("F", new int[] {0, 1, 2, 3}));

    private static Contribution named(Ranking r, String name) {
        return r.contributions().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void handMadeMatrixGivesTheLeaveOutContributionsPairMeansAndRanking() {
        Ranking r = ClassContributions.of(FIVE, UNITS, 200, 1);

        // 10 pairs: 3 × 0.1 + 0.2 + 6 × 0.7 = 4.7.
        assertThat(r.coefficient()).isCloseTo(0.47, within(EPS));
        assertThat(r.tasks()).isEqualTo(5);
        Contribution d = named(r, "D");
        assertThat(d.withoutCoefficient()).as("tasks 0, 1, 2 alone").isCloseTo(0.1, within(EPS));
        assertThat(d.contribution()).isCloseTo(0.37, within(EPS));
        assertThat(d.pairMean()).as("the 7 pairs with task 3 or 4: (0.2 + 6 × 0.7) / 7").isCloseTo(4.4 / 7, within(EPS));
        Contribution a = named(r, "A");
        assertThat(a.withoutCoefficient()).as("tasks 2, 3, 4: (0.7 + 0.7 + 0.2) / 3").isCloseTo(1.6 / 3, within(EPS));
        assertThat(a.contribution()).isCloseTo(0.47 - 1.6 / 3, within(EPS));
        assertThat(a.pairMean()).isCloseTo(3.1 / 7, within(EPS));

        assertThat(r.contributions()).extracting(Contribution::name).containsExactly("D", "A", "B", "C", "E", "F");
        assertThat(r.contributions()).extracting(Contribution::rank).containsExactly(1, 2, 3, 4, null, null);
        Contribution e = named(r, "E");
        assertThat(e.contribution()).isNull();
        assertThat(e.ci95Low()).isNull();
        assertThat(e.effect()).isNull();
        assertThat(e.reason()).contains("in 1 of the 5 tasks", "at least 2 tasks with it");
        assertThat(named(r, "F").reason()).contains("in 4 of the 5 tasks", "at least 2 tasks without it");
        assertThat(named(r, "F").contribution()).isNull();

        // Cross means: A-B over (0,1) (0,2) (1,2) = 0.1, below 0.5 × 0.47; every pair with D is 0.7 or 0.2·…
        assertThat(r.nearDuplicates()).extracting(n -> n.a() + n.b()).containsExactlyInAnyOrder("AB", "AC", "BC");
        NearDuplicate ab = r.nearDuplicates().stream().filter(n -> n.a().equals("A") && n.b().equals("B"))
                .findFirst().orElseThrow();
        assertThat(ab.meanDistance()).isCloseTo(0.1, within(EPS));
        assertThat(ab.ratio()).isCloseTo(0.1 / 0.47, within(EPS));
        assertThat(ab.taskPairs()).as("(0,1) (0,2) (1,1 left out) (1,2)").isEqualTo(3);
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

    /** 20 tasks: 16 within 0.1 to 0.2 of each other, 4 (those with class X) 0.6 to 0.8 from those. */
    private static double[][] oddOneOut() {
        Random random = new Random(7);
        int t = 20;
        double[][] d = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                boolean odd = (i >= 16) != (j >= 16);
                d[i][j] = d[j][i] = odd ? 0.6 + 0.2 * random.nextDouble() : 0.1 + 0.1 * random.nextDouble();
            }
        }
        return d;
    }

    @Test
    void bootstrapIntervalMatchesTheDefinitionAndResolvesTheOddClass() {
        double[][] d = oddOneOut();
        List<Unit> units = List.of(new Unit("X", new int[] {16, 17, 18, 19}),
                new Unit("Y", IntStream.range(0, 8).toArray()), new Unit("Z", new int[] {4, 9, 12, 17}));
        Ranking r = ClassContributions.of(d, units, 500, 11);

        for (Unit unit : units) {
            double[] naive = naiveBootstrap(d, unit.tasks(), 500, 11);
            Contribution c = named(r, unit.name());
            assertThat(c.ci95Low()).as(unit.name()).isCloseTo(ClassContributions.quantile(naive, 0.025), within(1e-9));
            assertThat(c.ci95High()).as(unit.name()).isCloseTo(ClassContributions.quantile(naive, 0.975),
                    within(1e-9));
        }
        Contribution x = r.contributions().get(0);
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
        assertThatThrownBy(() -> ClassContributions.of(FIVE, UNITS, 99, 0)).hasMessageContaining("[100, 10000]");
        assertThatThrownBy(() -> ClassContributions.of(FIVE, UNITS, 10_001, 0)).hasMessageContaining("resamples");
        assertThatThrownBy(() -> ClassContributions.of(FIVE, UNITS, 100, -1)).hasMessageContaining("seed must be >= 0");
    }
}
