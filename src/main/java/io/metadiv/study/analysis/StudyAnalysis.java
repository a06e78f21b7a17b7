package io.metadiv.study.analysis;

import io.metadiv.study.analysis.DatasetGap.GapCiSource;
import io.metadiv.study.analysis.DatasetMean.CiSource;
import io.metadiv.training.RunSpec.Method;
import io.metadiv.training.RunSpec.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.stat.descriptive.DescriptiveStatistics;
import org.hipparchus.stat.inference.TTest;

/**
 * Everything a study's runs say, computed once from the observations: per-dataset means, accuracy (and loss)
 * against diversity per method, MAML's slope against PT's, per-dataset gaps, cost, and the verdict. Immutable and
 * made of records, lists and nullable numbers only, for JSON.
 *
 * <p>Deterministic: datasets are taken in the order of their ids and methods in enum order, whatever the order of
 * the observations, and each slope comparison's bootstrap has its own random stream derived from
 * {@code bootstrapSeed} and the method, so adding HO-MAML runs does not change FO-MAML's bootstrap.
 *
 * @param criteria the success criteria applied
 * @param bootstrapSeed seed of the bootstraps
 * @param bootstrapSamples resamples per bootstrap
 * @param runs observations analysed
 * @param datasets distinct datasets
 * @param means one per dataset and method that ran on it
 * @param trends one per method present
 * @param slopeComparisons one per MAML method present
 * @param gaps one per dataset and MAML method, on the datasets where PT ran too
 * @param costs one per method present
 * @param verdict the answer against the criteria
 */
public record StudyAnalysis(Criteria criteria, long bootstrapSeed, int bootstrapSamples, int runs, int datasets,
        List<DatasetMean> means, List<MethodTrend> trends, List<SlopeComparison> slopeComparisons,
        List<DatasetGap> gaps, List<Cost> costs, Verdict verdict) {

    /** Largest bootstrap accepted: 10× the default already costs a second on a large study. */
    static final int MAX_BOOTSTRAP_SAMPLES = 100_000;
    private static final double POINTS = 100;
    private static final long SEED_MIX = 0x9E3779B97F4A7C15L;

    /** Copies the lists. */
    public StudyAnalysis {
        means = List.copyOf(means);
        trends = List.copyOf(trends);
        slopeComparisons = List.copyOf(slopeComparisons);
        gaps = List.copyOf(gaps);
        costs = List.copyOf(costs);
    }

    /**
     * Analyses a study with {@link SlopeComparison#DEFAULT_BOOTSTRAP_SAMPLES} bootstrap resamples.
     *
     * @throws IllegalArgumentException when an observation or the criteria are invalid (naming each field); a
     *     study that is merely too small is not an error but gives "not enough data" outcomes
     */
    public static StudyAnalysis of(List<Observation> observations, Criteria criteria, long bootstrapSeed) {
        return of(observations, criteria, bootstrapSeed, SlopeComparison.DEFAULT_BOOTSTRAP_SAMPLES);
    }

    /** As {@link #of(List, Criteria, long)} with another number of bootstrap resamples. */
    public static StudyAnalysis of(List<Observation> observations, Criteria criteria, long bootstrapSeed,
            int bootstrapSamples) {
        validate(observations, criteria, bootstrapSamples);
        // dataset id -> method -> runs; sorted, so the result does not depend on the input order
        Map<String, Map<Method, List<Observation>>> byDataset = new TreeMap<>();
        observations.stream().sorted((a, b) -> Long.compare(a.seed(), b.seed())).forEach(o -> byDataset
                .computeIfAbsent(o.datasetId(), k -> new EnumMap<>(Method.class))
                .computeIfAbsent(o.method(), k -> new ArrayList<>()).add(o));
        List<DatasetMean> means = new ArrayList<>();
        byDataset.values().forEach(methods -> methods.values().forEach(runs -> means.add(mean(runs))));
        Map<Method, List<DatasetMean>> byMethod = new EnumMap<>(Method.class);
        means.forEach(m -> byMethod.computeIfAbsent(m.method(), k -> new ArrayList<>()).add(m));

        List<MethodTrend> trends = new ArrayList<>();
        byMethod.forEach((method, points) -> trends.add(trend(method, points, byDataset)));
        List<SlopeComparison> slopes = new ArrayList<>();
        List<DatasetGap> gaps = new ArrayList<>();
        boolean hasPt = byMethod.containsKey(Method.PT);
        for (Method method : byMethod.keySet()) {
            if (method == Method.PT) {
                continue;
            }
            if (!hasPt) {
                slopes.add(SlopeComparison.notComputed(method, Status.NO_BASELINE, 0, "the study has no PT runs"));
                continue;
            }
            List<DatasetMean[]> pairs = pairs(byMethod.get(method), byMethod.get(Method.PT));
            slopes.add(SlopeComparison.of(method, pairs.stream().mapToDouble(p -> p[0].diversity()).toArray(),
                    pairs.stream().mapToDouble(p -> p[0].accuracyPoints()).toArray(),
                    pairs.stream().mapToDouble(p -> p[1].accuracyPoints()).toArray(), bootstrapSamples,
                    bootstrapSeed + SEED_MIX * (method.ordinal() + 1)));
            pairs.forEach(p -> gaps.add(gap(p[0], p[1], byDataset.get(p[0].datasetId()), criteria)));
        }
        List<Cost> costs = costs(observations, byMethod.keySet());
        Verdict verdict = Verdict.of(criteria, trends, gaps, slopes, costs, hasPt);
        return new StudyAnalysis(criteria, bootstrapSeed, bootstrapSamples, observations.size(), byDataset.size(),
                means, trends, slopes, gaps, costs, verdict);
    }

    /** The trend of one method, or null when the method did not run. */
    public MethodTrend trend(Method method) {
        return trends.stream().filter(t -> t.method() == method).findFirst().orElse(null);
    }

    /** The slope comparison of one MAML method, or null when it did not run. */
    public SlopeComparison slopeComparison(Method method) {
        return slopeComparisons.stream().filter(c -> c.method() == method).findFirst().orElse(null);
    }

    private static void validate(List<Observation> observations, Criteria criteria, int bootstrapSamples) {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(criteria, "criteria");
        List<String> problems = new ArrayList<>();
        criteria.violations().forEach(v -> problems.add("criteria." + v.field() + " " + v.message()));
        for (int i = 0; i < observations.size(); i++) {
            Observation o = observations.get(i);
            if (o == null) {
                problems.add("observations[" + i + "] must not be null");
                continue;
            }
            for (Violation v : o.violations()) {
                problems.add("observations[" + i + "]." + v.field() + " " + v.message());
            }
        }
        if (bootstrapSamples < 1 || bootstrapSamples > MAX_BOOTSTRAP_SAMPLES) {
            problems.add("bootstrapSamples must be in [1, " + MAX_BOOTSTRAP_SAMPLES + "], got " + bootstrapSamples);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static DatasetMean mean(List<Observation> runs) {
        Observation first = runs.get(0);
        double[] points = points(runs);
        double accuracy = Arrays.stream(points).average().orElseThrow();
        double ci = runs.size() == 1 ? first.accuracyCi95() * POINTS : seedCi(points);
        List<Double> losses = runs.stream().map(Observation::loss).filter(Objects::nonNull).toList();
        Double loss = losses.isEmpty() ? null : losses.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new DatasetMean(first.datasetId(), first.displayName(), first.method(),
                runs.stream().mapToDouble(Observation::diversity).average().orElseThrow(),
                runs.stream().mapToDouble(Observation::diversityCi95).average().orElseThrow(), runs.size(), accuracy,
                ci, runs.size() == 1 ? CiSource.EVAL_EPISODES : CiSource.SEEDS, loss);
    }

    private static double[] points(List<Observation> runs) {
        return runs.stream().mapToDouble(o -> o.accuracy() * POINTS).toArray();
    }

    /** Half-width of the t interval of the mean over seeds (at least 2). */
    private static double seedCi(double[] values) {
        DescriptiveStatistics stats = new DescriptiveStatistics(values);
        double t = new TDistribution(values.length - 1).inverseCumulativeProbability(0.975);
        return t * stats.getStandardDeviation() / Math.sqrt(values.length);
    }

    private static MethodTrend trend(Method method, List<DatasetMean> points,
            Map<String, Map<Method, List<Observation>>> byDataset) {
        int runs = points.stream().mapToInt(DatasetMean::seeds).sum();
        Regression accuracy = Regression.fit(points.stream().mapToDouble(DatasetMean::diversity).toArray(),
                points.stream().mapToDouble(DatasetMean::accuracyPoints).toArray(), runs, "accuracy");
        List<DatasetMean> withLoss = points.stream().filter(p -> p.meanLoss() != null).toList();
        Regression loss = null;
        if (!withLoss.isEmpty()) {
            int lossRuns = withLoss.stream().mapToInt(p -> (int) byDataset.get(p.datasetId()).get(method).stream()
                    .filter(o -> o.loss() != null).count()).sum();
            loss = Regression.fit(withLoss.stream().mapToDouble(DatasetMean::diversity).toArray(),
                    withLoss.stream().mapToDouble(DatasetMean::meanLoss).toArray(), lossRuns, "loss");
        }
        return new MethodTrend(method, accuracy, loss);
    }

    /** [MAML, PT] per dataset both ran on, in dataset order. */
    private static List<DatasetMean[]> pairs(List<DatasetMean> maml, List<DatasetMean> pt) {
        Map<String, DatasetMean> ptById = pt.stream().collect(Collectors.toMap(DatasetMean::datasetId, m -> m));
        return maml.stream().filter(m -> ptById.containsKey(m.datasetId()))
                .map(m -> new DatasetMean[] {m, ptById.get(m.datasetId())}).toList();
    }

    private static DatasetGap gap(DatasetMean maml, DatasetMean pt, Map<Method, List<Observation>> runs,
            Criteria criteria) {
        double gap = maml.accuracyPoints() - pt.accuracyPoints();
        GapCiSource source;
        double half;
        if (maml.seeds() >= 2 && pt.seeds() >= 2) {
            source = GapCiSource.WELCH_OVER_SEEDS;
            half = Welch.halfWidth(points(runs.get(maml.method())), points(runs.get(Method.PT)));
        } else {
            source = GapCiSource.COMBINED_HALF_WIDTHS;
            half = Math.hypot(maml.accuracyCi95Points(), pt.accuracyCi95Points());
        }
        boolean overlap = maml.accuracyPoints() - maml.accuracyCi95Points() <= pt.accuracyPoints()
                + pt.accuracyCi95Points() && pt.accuracyPoints() - pt.accuracyCi95Points() <= maml.accuracyPoints()
                        + maml.accuracyCi95Points();
        boolean win = gap > 0 && gap >= criteria.minGapPoints() && !(criteria.requireNonOverlappingCi() && overlap);
        return new DatasetGap(maml.datasetId(), maml.datasetName(), maml.diversity(), maml.method(),
                maml.accuracyPoints(), maml.accuracyCi95Points(), pt.accuracyPoints(), pt.accuracyCi95Points(), gap,
                half, source, overlap, win);
    }

    private static List<Cost> costs(List<Observation> observations, Iterable<Method> methods) {
        Map<Method, List<Observation>> byMethod = observations.stream()
                .collect(Collectors.groupingBy(Observation::method, () -> new EnumMap<>(Method.class),
                        Collectors.toList()));
        List<Observation> ptRuns = byMethod.get(Method.PT);
        Double ptCpu = ptRuns == null ? null : meanCpu(ptRuns);
        List<Cost> costs = new ArrayList<>();
        for (Method method : methods) {
            List<Observation> runs = byMethod.get(method);
            double cpu = meanCpu(runs);
            double accuracy = runs.stream().mapToDouble(o -> o.accuracy() * POINTS).average().orElseThrow();
            costs.add(new Cost(method, runs.size(), runs.stream().mapToDouble(Observation::cpuSeconds).sum(),
                    runs.stream().mapToDouble(Observation::wallSeconds).sum(), accuracy,
                    cpu > 0 ? accuracy / (cpu / 3600) : null, ptCpu != null && ptCpu > 0 ? cpu / ptCpu : null));
        }
        return costs;
    }

    private static double meanCpu(List<Observation> runs) {
        return runs.stream().mapToDouble(Observation::cpuSeconds).average().orElseThrow();
    }

    /** Welch's interval; Hipparchus keeps its Welch–Satterthwaite degrees of freedom protected in {@link TTest}. */
    private static final class Welch extends TTest {
        private static final Welch INSTANCE = new Welch();

        /** Half-width of the 95% CI of mean(a) − mean(b), unequal variances; 0 when neither side varies. */
        static double halfWidth(double[] a, double[] b) {
            DescriptiveStatistics sa = new DescriptiveStatistics(a);
            DescriptiveStatistics sb = new DescriptiveStatistics(b);
            double va = sa.getVariance();
            double vb = sb.getVariance();
            double se = Math.sqrt(va / a.length + vb / b.length);
            if (se == 0) {
                return 0;
            }
            double df = INSTANCE.df(va, vb, a.length, b.length);
            return new TDistribution(df).inverseCumulativeProbability(0.975) * se;
        }
    }
}
