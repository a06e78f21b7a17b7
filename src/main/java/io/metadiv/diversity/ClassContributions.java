package io.metadiv.diversity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * How much each class (or group of classes) adds to a score's diversity coefficient, from its T×T task distance
 * matrix and which tasks contain the class.
 *
 * <p>Contribution (leave-class-out): the coefficient of all tasks minus the coefficient of the tasks that do not
 * contain the class; positive when the class's tasks are further from the rest than the rest are from each other.
 * Alongside it, the mean distance of the task pairs that include the class (at least one of the two tasks contains
 * it). Both carry a 95% percentile interval from a seeded bootstrap over tasks: T tasks drawn with replacement, the
 * coefficients taken over pairs of draws of distinct tasks; a resample with no task of the class, or fewer than two
 * distinct tasks without it, is left out of that class's intervals ({@code resamplesUsed} counts the others).
 *
 * <p>An estimate needs at least {@value #MIN_TASKS} tasks with the class and {@value #MIN_TASKS} without it: the
 * coefficient of fewer tasks rests on a handful of pairs (that of 2 tasks on one), and so would the comparison.
 * Otherwise the values are null and {@code reason} says why.
 *
 * <p>Near-duplicates: two classes whose tasks are close, i.e. the mean distance between a task containing one and a
 * (different) task containing the other is below {@value #NEAR_DUPLICATE_RATIO} × the coefficient. Only classes with
 * an estimate are compared. The rule is strict on purpose: a pair of classes has only a few tasks each, and on
 * generated gratings the cross means of distinct classes ranged down to about 0.7 × the coefficient.
 */
public final class ClassContributions {

    /** Bootstrap resamples: default, smallest and largest accepted. */
    public static final int DEFAULT_RESAMPLES = 1000;
    public static final int MIN_RESAMPLES = 100;
    public static final int MAX_RESAMPLES = 10_000;
    /** Bootstrap seed by default. */
    public static final long DEFAULT_SEED = 0L;
    /** Tasks needed with a class, and without it, for an estimate. */
    public static final int MIN_TASKS = 5;
    /** A pair of classes is a near-duplicate when its cross-task mean distance is below this × the coefficient. */
    public static final double NEAR_DUPLICATE_RATIO = 0.5;

    private static final double LOW = 0.025;
    private static final double HIGH = 0.975;

    /**
     * A class or a group of classes.
     *
     * @param name its name, e.g. {@code Latin/alpha} or {@code Latin}
     * @param tasks indices (rows of the distance matrix) of the tasks that contain it, ascending and distinct
     */
    public record Unit(String name, int[] tasks) {
    }

    /** Whether a unit's contribution is resolved by its interval. */
    public enum Effect {
        /** The interval lies above 0: without it the coefficient is lower. */
        ADDS,
        /** The interval lies below 0: its tasks are closer to the rest than the rest to each other. */
        LOWERS,
        /** The interval contains 0. */
        UNRESOLVED
    }

    /**
     * One unit's numbers; the estimates are null (and {@code reason} set) when there are too few tasks.
     *
     * @param name the unit
     * @param tasks tasks that contain it
     * @param rank 1 = adds the most; null without an estimate
     * @param contribution coefficient of all tasks minus coefficient of the tasks without it
     * @param ci95Low lower end of the contribution's 95% bootstrap interval
     * @param ci95High upper end of it
     * @param withoutCoefficient coefficient of the tasks that do not contain it
     * @param pairMean mean distance of the task pairs that include it
     * @param pairMeanCi95Low lower end of its 95% bootstrap interval
     * @param pairMeanCi95High upper end of it
     * @param effect what the interval shows; null without an estimate
     * @param resamplesUsed resamples behind the intervals (the others lacked tasks with or without it)
     * @param reason why there is no estimate, else null
     */
    public record ClassContribution(String name, int tasks, Integer rank, Double contribution, Double ci95Low,
            Double ci95High, Double withoutCoefficient, Double pairMean, Double pairMeanCi95Low,
            Double pairMeanCi95High, Effect effect, Integer resamplesUsed, String reason) {

        private ClassContribution ranked(int r) {
            return new ClassContribution(name, tasks, r, contribution, ci95Low, ci95High, withoutCoefficient, pairMean,
                    pairMeanCi95Low, pairMeanCi95High, effect, resamplesUsed, reason);
        }
    }

    /**
     * Two units whose tasks are close to each other.
     *
     * @param a one unit
     * @param b the other
     * @param meanDistance mean distance between a task containing a and a different task containing b
     * @param ratio meanDistance / coefficient
     * @param taskPairs (task with a, task with b) pairs averaged
     */
    public record ClassNearDuplicate(String a, String b, double meanDistance, double ratio, int taskPairs) {
    }

    /**
     * The ranking of one level (classes or groups).
     *
     * @param coefficient the coefficient of all tasks (the mean of the matrix's off-diagonal)
     * @param tasks T
     * @param contributions ranked, most diversity-adding first; units without an estimate last, in input order
     * @param nearDuplicates closest first
     */
    public record ClassRanking(double coefficient, int tasks, List<ClassContribution> contributions,
            List<ClassNearDuplicate> nearDuplicates) {
    }

    private ClassContributions() {
    }

    /** What is wrong with a resamples value ("must be in …, got …"), or null when it is in range. */
    public static String resamplesProblem(int resamples) {
        return resamples < MIN_RESAMPLES || resamples > MAX_RESAMPLES
                ? "must be in [" + MIN_RESAMPLES + ", " + MAX_RESAMPLES + "], got " + resamples : null;
    }

    /** What is wrong with a bootstrap seed (negative, unlike every seed of a score), or null. */
    public static String seedProblem(long seed) {
        return seed < 0 ? "must be >= 0, got " + seed : null;
    }

    /**
     * Computes every unit's contribution and the near-duplicate pairs.
     *
     * @param distances symmetric T×T matrix with a zero diagonal, T ≥ 2
     * @param units the classes (or groups)
     * @param resamples bootstrap resamples, in [{@value #MIN_RESAMPLES}, {@value #MAX_RESAMPLES}]
     * @param seed bootstrap seed, non-negative
     */
    public static ClassRanking of(double[][] distances, List<Unit> units, int resamples, long seed) {
        if (resamplesProblem(resamples) != null) {
            throw new IllegalArgumentException("resamples " + resamplesProblem(resamples));
        }
        if (seedProblem(seed) != null) {
            throw new IllegalArgumentException("seed " + seedProblem(seed));
        }
        int t = distances.length;
        if (t < 2) {
            throw new IllegalArgumentException("need a matrix of at least 2 tasks, got " + t);
        }
        double[] ones = new double[t];
        Arrays.fill(ones, 1);
        Sums all = Sums.of(distances, ones);
        double coefficient = all.mean();

        List<Unit> estimable = units.stream().filter(u -> reason(u, t) == null).toList();
        double[][] contribution = new double[estimable.size()][resamples];
        double[][] pairMean = new double[estimable.size()][resamples];
        int[] defined = new int[estimable.size()];
        Random random = new Random(seed);
        double[] w = new double[t];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(w, 0);
            for (int k = 0; k < t; k++) {
                w[random.nextInt(t)]++;
            }
            Sums drawn = Sums.of(distances, w);
            for (int u = 0; u < estimable.size(); u++) {
                Sums without = drawn.without(distances, w, estimable.get(u).tasks());
                if (without.pairs() > 0 && drawn.pairs() > without.pairs()) {
                    contribution[u][defined[u]] = drawn.mean() - without.mean();
                    pairMean[u][defined[u]] = drawn.touching(without);
                    defined[u]++;
                }
            }
        }

        List<ClassContribution> withEstimate = new ArrayList<>();
        List<ClassContribution> withoutEstimate = new ArrayList<>();
        int e = 0;
        for (Unit unit : units) {
            String reason = reason(unit, t);
            if (reason != null) {
                withoutEstimate.add(new ClassContribution(unit.name(), unit.tasks().length, null, null, null, null,
                        null, null, null, null, null, null, reason));
                continue;
            }
            Sums without = all.without(distances, ones, unit.tasks());
            double value = coefficient - without.mean();
            double[] c = Arrays.copyOf(contribution[e], defined[e]);
            double[] p = Arrays.copyOf(pairMean[e], defined[e]);
            e++;
            Double low = quantile(c, LOW);
            Double high = quantile(c, HIGH);
            Effect effect = low == null ? Effect.UNRESOLVED
                    : low > 0 ? Effect.ADDS : high < 0 ? Effect.LOWERS : Effect.UNRESOLVED;
            withEstimate.add(new ClassContribution(unit.name(), unit.tasks().length, null, value, low, high,
                    without.mean(), all.touching(without), quantile(p, LOW), quantile(p, HIGH), effect, c.length,
                    null));
        }
        withEstimate.sort(Comparator.comparingDouble(ClassContribution::contribution).reversed());
        List<ClassContribution> ranked = new ArrayList<>();
        for (int i = 0; i < withEstimate.size(); i++) {
            ranked.add(withEstimate.get(i).ranked(i + 1));
        }
        ranked.addAll(withoutEstimate);
        return new ClassRanking(coefficient, t, List.copyOf(ranked), nearDuplicates(distances, estimable, coefficient));
    }

    /** Why a unit has no estimate, or null when it has one. */
    private static String reason(Unit unit, int t) {
        int with = unit.tasks().length;
        if (with < MIN_TASKS) {
            return "in " + with + " of the " + t + " tasks; an estimate needs at least " + MIN_TASKS
                    + " tasks with it (a score with more tasks)";
        }
        if (t - with < MIN_TASKS) {
            return "in " + with + " of the " + t + " tasks; an estimate needs at least " + MIN_TASKS
                    + " tasks without it, to compare with";
        }
        return null;
    }

    private static List<ClassNearDuplicate> nearDuplicates(double[][] d, List<Unit> units, double coefficient) {
        List<ClassNearDuplicate> near = new ArrayList<>();
        for (int a = 0; a < units.size(); a++) {
            for (int b = a + 1; b < units.size(); b++) {
                double sum = 0;
                int pairs = 0;
                for (int i : units.get(a).tasks()) {
                    for (int j : units.get(b).tasks()) {
                        if (i != j) {
                            sum += d[i][j];
                            pairs++;
                        }
                    }
                }
                // Both have at least MIN_TASKS tasks, so there is a pair of distinct tasks.
                double mean = sum / pairs;
                if (mean < NEAR_DUPLICATE_RATIO * coefficient) {
                    near.add(new ClassNearDuplicate(units.get(a).name(), units.get(b).name(), mean, mean / coefficient,
                            pairs));
                }
            }
        }
        near.sort(Comparator.comparingDouble(ClassNearDuplicate::meanDistance));
        return List.copyOf(near);
    }

    /** Linear-interpolation quantile (numpy's default) of the values, or null when there are none. */
    static Double quantile(double[] values, double q) {
        if (values.length == 0) {
            return null;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Weighted sums over ordered pairs of draws of distinct tasks: {@code total = Σ_{i≠j} w_i w_j d_ij} and
     * {@code pairs = Σ_{i≠j} w_i w_j}, with {@code rowSums = D·w} kept so that leaving a set of tasks out costs
     * O(|set|²) rather than O(T²). The weights are the bootstrap's draw counts (all 1 for the data as it is).
     */
    private record Sums(double total, double pairs, double[] rowSums, double weight, double squares) {

        static Sums of(double[][] d, double[] w) {
            int t = w.length;
            double[] v = new double[t];
            double total = 0;
            double weight = 0;
            double squares = 0;
            for (int i = 0; i < t; i++) {
                if (w[i] == 0) {
                    continue;
                }
                for (int j = 0; j < t; j++) {
                    v[i] += d[i][j] * w[j];
                }
                total += w[i] * v[i];
                weight += w[i];
                squares += w[i] * w[i];
            }
            // v[i] is only needed where w[i] > 0: total and the leave-out terms weight it by w[i].
            return new Sums(total, weight * weight - squares, v, weight, squares);
        }

        double mean() {
            return total / pairs;
        }

        /** The same sums over the tasks not in {@code left} (its rowSums are not kept). */
        Sums without(double[][] d, double[] w, int[] left) {
            double cross = 0;
            double inner = 0;
            double weightLeft = 0;
            double squaresLeft = 0;
            for (int i : left) {
                cross += w[i] * rowSums[i];
                weightLeft += w[i];
                squaresLeft += w[i] * w[i];
                for (int j : left) {
                    inner += w[i] * w[j] * d[i][j];
                }
            }
            double rest = weight - weightLeft;
            double restSquares = squares - squaresLeft;
            return new Sums(total - 2 * cross + inner, rest * rest - restSquares, null, rest, restSquares);
        }

        /** Mean distance of the pairs that are in this but not in {@code without}. */
        double touching(Sums without) {
            return (total - without.total) / (pairs - without.pairs);
        }
    }
}
