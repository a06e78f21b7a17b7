package io.metadiv.study.analysis;

import static io.metadiv.study.analysis.StudyText.name;
import static io.metadiv.study.analysis.StudyText.p;

import io.metadiv.training.RunSpec.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.stat.descriptive.rank.Percentile;
import org.hipparchus.stat.regression.OLSMultipleLinearRegression;

/**
 * The answer of a quantity-vs-variety study: per method, how many accuracy points one more training image buys when
 * it comes as a new class (variety: more classes at the same images per class) and when it comes as one more image
 * of a class already there (quantity: more images per class at the same classes), and which pays more.
 *
 * <p>Each axis' slope is one least-squares fit over the runs, accuracy = a_level + b·images, with a separate
 * intercept per level of the other axis (variety: per images-per-class level; quantity: per class-count level), so
 * b compares cells that differ along that axis only. Its 95% CI comes from the fit's standard error (t, n − p degrees
 * of freedom). Whether one axis pays more is the difference of the two slopes; its 95% CI comes from a seeded
 * bootstrap that resamples the seeds' runs within every cell and refits both, so it needs at least two runs per cell.
 *
 * @param cells the grid, classes-major
 * @param runs runs analysed (all methods)
 * @param bootstrapSeed seed of the bootstrap
 * @param bootstrapSamples resamples drawn per method
 * @param methods the answer per method, in the study's method order
 * @param answer VARIETY when more kinds pays more for every method, QUANTITY when more of the same does, else UNCLEAR
 * @param findings the answer in plain sentences, overall advice first
 */
public record QuantityVariety(List<Cell> cells, int runs, long bootstrapSeed, int bootstrapSamples,
        List<MethodAnswer> methods, Answer answer, List<String> findings) {

    /** Least seeds per cell for the bootstrap of the difference. */
    public static final int MIN_RUNS_PER_CELL = 2;
    /** Slopes are stated per 100 added images: one image moves accuracy by hundredths of a point. */
    public static final int IMAGES_STEP = 100;

    /** Which way of adding images pays more. */
    public enum Answer {
        /** More kinds of data: new classes buy more accuracy per image. */
        VARIETY,
        /** More of the same: more images of the classes at hand buy more. */
        QUANTITY,
        /** Not shown either way (the CI of the difference includes 0, or it could not be computed). */
        UNCLEAR
    }

    /** The two ways of adding images. */
    public enum Axis {
        /** More classes at the same images per class. */
        VARIETY,
        /** More images per class at the same classes. */
        QUANTITY
    }

    /**
     * One cell of the grid: a subset of the dataset.
     *
     * @param datasetId the cell's dataset (training classes plus the held-out evaluation classes)
     * @param classes meta-train classes
     * @param imagesPerClass images of each meta-train class
     * @param diversity diversity coefficient of its training classes; null when not scored
     * @param diversityCi95 half-width of that coefficient's 95% CI
     */
    public record Cell(String datasetId, int classes, int imagesPerClass, Double diversity, Double diversityCi95) {

        /** Images the methods train on. */
        public int trainingImages() {
            return classes * imagesPerClass;
        }
    }

    /**
     * One method's mean over the seeds in one cell.
     *
     * @param accuracy mean accuracy, points
     * @param ci95 half-width of the 95% CI over the seeds (t); null with one seed
     */
    public record CellAccuracy(int classes, int imagesPerClass, int trainingImages, int runs, double accuracy,
            Double ci95) {
    }

    /**
     * The slope of accuracy on training images along one axis.
     *
     * @param pointsPerImage accuracy points per added image; null when not computed
     * @param ciLow lower end of its 95% CI
     * @param ciHigh upper end
     * @param pValue two-sided p-value of "no gain"
     * @param note why something is missing; null when nothing is
     */
    public record AxisSlope(Axis axis, Status status, int runs, Double pointsPerImage, Double ciLow, Double ciHigh,
            Double pValue, String note) {
    }

    /**
     * One method's answer.
     *
     * @param difference variety slope − quantity slope, points per image
     * @param differenceCiLow 2.5th percentile of the bootstrap; null when not computed
     * @param differenceCiHigh 97.5th percentile
     * @param sentence the answer in words, with both slopes per 100 images and their CIs
     */
    public record MethodAnswer(Method method, AxisSlope variety, AxisSlope quantity, Double difference,
            Double differenceCiLow, Double differenceCiHigh, Answer answer, String sentence,
            List<CellAccuracy> cells) {
    }

    /**
     * One run of a cell.
     *
     * @param cell index into the grid
     * @param accuracy a fraction in [0, 1]
     */
    public record Run(int cell, Method method, long seed, double accuracy) {
    }

    /**
     * The answer for these runs.
     *
     * @param cells the grid
     * @param runs finished runs; cells without runs of a method are left out of its fits
     * @param methods the methods, in the order to report them
     * @param samples bootstrap resamples per method
     * @param seed bootstrap seed
     */
    public static QuantityVariety of(List<Cell> cells, List<Run> runs, List<Method> methods, int samples, long seed) {
        List<MethodAnswer> answers = new ArrayList<>();
        for (Method method : methods) {
            List<Run> own = runs.stream().filter(r -> r.method() == method).toList();
            if (!own.isEmpty()) {
                answers.add(answer(cells, own, method, samples, seed + method.ordinal()));
            }
        }
        Answer overall = answers.isEmpty() ? Answer.UNCLEAR : answers.stream().map(MethodAnswer::answer)
                .reduce((a, b) -> a == b ? a : Answer.UNCLEAR).orElseThrow();
        List<String> findings = new ArrayList<>();
        findings.add(switch (overall) {
            case VARIETY -> "Collect more kinds of data: for every method, images that come as new classes buy more "
                    + "accuracy than more images of the classes you have.";
            case QUANTITY -> "Collect more of the same: for every method, more images of the classes you have buy "
                    + "more accuracy than images that come as new classes.";
            case UNCLEAR -> "Not shown which pays more for every method: see each method below; more seeds or a "
                    + "wider grid narrow the intervals.";
        });
        answers.forEach(a -> findings.add(a.sentence()));
        return new QuantityVariety(cells, runs.size(), seed, samples, answers, overall, findings);
    }

    private static MethodAnswer answer(List<Cell> cells, List<Run> runs, Method method, int samples, long seed) {
        AxisSlope variety = slope(cells, runs, Axis.VARIETY);
        AxisSlope quantity = slope(cells, runs, Axis.QUANTITY);
        Double difference = variety.pointsPerImage() == null || quantity.pointsPerImage() == null ? null
                : variety.pointsPerImage() - quantity.pointsPerImage();
        double[] ci = difference == null ? null : bootstrap(cells, runs, samples, seed);
        Answer answer = ci == null ? Answer.UNCLEAR : ci[0] > 0 ? Answer.VARIETY : ci[1] < 0 ? Answer.QUANTITY
                : Answer.UNCLEAR;
        return new MethodAnswer(method, variety, quantity, difference, ci == null ? null : ci[0],
                ci == null ? null : ci[1], answer, sentence(method, variety, quantity, difference, ci, runs, cells),
                cellAccuracies(cells, runs));
    }

    /** Accuracy (points) = a per level of the other axis + b · training images, over the runs. */
    static AxisSlope slope(List<Cell> cells, List<Run> runs, Axis axis) {
        List<Integer> levels = new ArrayList<>(new TreeSet<>(runs.stream().map(r -> other(cells.get(r.cell()), axis))
                .toList()));
        int p = 2 + levels.size() - 1; // intercept, slope, one dummy per extra level
        long distinct = runs.stream().map(r -> other(cells.get(r.cell()), axis) + ":"
                + cells.get(r.cell()).trainingImages()).distinct().count();
        if (distinct <= levels.size()) {
            return new AxisSlope(axis, Status.TOO_FEW_DATASETS, runs.size(), null, null, null, null, "no two cells "
                    + "differ along the " + axis.name().toLowerCase(Locale.ROOT) + " axis only");
        }
        double[] y = new double[runs.size()];
        double[][] x = design(cells, runs, axis, levels, y);
        if (runs.size() <= p) {
            return new AxisSlope(axis, Status.ESTIMATE_ONLY, runs.size(), fitSlope(x, y), null, null, null,
                    runs.size() + " runs leave no degrees of freedom for a CI of " + (p) + " coefficients");
        }
        try {
            OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
            ols.newSampleData(y, x);
            double b = ols.estimateRegressionParameters()[1];
            double se = ols.estimateRegressionParametersStandardErrors()[1];
            int df = runs.size() - p;
            TDistribution t = new TDistribution(df);
            double half = t.inverseCumulativeProbability(0.975) * se;
            double pValue = se == 0 ? (b == 0 ? 1 : 0) : 2 * t.cumulativeProbability(-Math.abs(b / se));
            return new AxisSlope(axis, Status.COMPUTED, runs.size(), b, b - half, b + half, pValue, null);
        } catch (MathIllegalArgumentException e) {
            return new AxisSlope(axis, Status.NO_DIVERSITY_SPREAD, runs.size(), null, null, null, null,
                    "the runs do not determine a slope along this axis (" + e.getMessage() + ")");
        }
    }

    /** The level of the axis held fixed: images per class for variety, classes for quantity. */
    private static int other(Cell cell, Axis axis) {
        return axis == Axis.VARIETY ? cell.imagesPerClass() : cell.classes();
    }

    private static double[][] design(List<Cell> cells, List<Run> runs, Axis axis, List<Integer> levels, double[] y) {
        double[][] x = new double[runs.size()][levels.size()];
        for (int i = 0; i < runs.size(); i++) {
            Cell cell = cells.get(runs.get(i).cell());
            x[i][0] = cell.trainingImages();
            int level = levels.indexOf(other(cell, axis));
            if (level > 0) {
                x[i][level] = 1;
            }
            y[i] = 100 * runs.get(i).accuracy();
        }
        return x;
    }

    private static Double fitSlope(double[][] x, double[] y) {
        try {
            OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
            ols.newSampleData(y, x);
            return ols.estimateRegressionParameters()[1];
        } catch (MathIllegalArgumentException e) {
            return null;
        }
    }

    /** 95% percentile CI of variety − quantity slope, resampling each cell's runs; null without 2 runs per cell. */
    private static double[] bootstrap(List<Cell> cells, List<Run> runs, int samples, long seed) {
        Map<Integer, List<Run>> byCell = new LinkedHashMap<>();
        runs.forEach(r -> byCell.computeIfAbsent(r.cell(), c -> new ArrayList<>()).add(r));
        if (byCell.values().stream().anyMatch(l -> l.size() < MIN_RUNS_PER_CELL)) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] differences = new double[samples];
        int used = 0;
        for (int s = 0; s < samples; s++) {
            List<Run> resample = new ArrayList<>(runs.size());
            for (List<Run> cell : byCell.values()) {
                for (int i = 0; i < cell.size(); i++) {
                    resample.add(cell.get(random.nextInt(cell.size())));
                }
            }
            Double v = fitSlopeOf(cells, resample, Axis.VARIETY);
            Double q = fitSlopeOf(cells, resample, Axis.QUANTITY);
            if (v != null && q != null) {
                differences[used++] = v - q;
            }
        }
        if (used < samples / 2) {
            return null;
        }
        double[] d = Arrays.copyOf(differences, used);
        Percentile percentile = new Percentile();
        return new double[] {percentile.evaluate(d, 2.5), percentile.evaluate(d, 97.5)};
    }

    private static Double fitSlopeOf(List<Cell> cells, List<Run> runs, Axis axis) {
        List<Integer> levels = new ArrayList<>(new TreeSet<>(runs.stream().map(r -> other(cells.get(r.cell()), axis))
                .toList()));
        double[] y = new double[runs.size()];
        return fitSlope(design(cells, runs, axis, levels, y), y);
    }

    private static List<CellAccuracy> cellAccuracies(List<Cell> cells, List<Run> runs) {
        List<CellAccuracy> out = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            int cell = c;
            double[] acc = runs.stream().filter(r -> r.cell() == cell).mapToDouble(r -> 100 * r.accuracy()).toArray();
            if (acc.length == 0) {
                continue;
            }
            double mean = Arrays.stream(acc).average().orElseThrow();
            Double ci = null;
            if (acc.length >= 2) {
                double sd = Math.sqrt(Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum() / (acc.length - 1));
                ci = new TDistribution(acc.length - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(acc.length);
            }
            Cell g = cells.get(c);
            out.add(new CellAccuracy(g.classes(), g.imagesPerClass(), g.trainingImages(), acc.length, mean, ci));
        }
        return out;
    }

    private static String sentence(Method method, AxisSlope variety, AxisSlope quantity, Double difference,
            double[] ci, List<Run> runs, List<Cell> cells) {
        String slopes = describe(variety, "as new classes") + "; " + describe(quantity, "as more images of the "
                + "classes it has");
        if (difference == null) {
            return name(method) + ": not shown which pays more — " + slopes + ".";
        }
        if (ci == null) {
            return name(method) + ": not shown which pays more — " + slopes + "; the difference "
                    + per100(difference) + " has no CI: that needs " + MIN_RUNS_PER_CELL + " seeds in every cell.";
        }
        String diff = "the difference " + per100(difference) + " (95% CI " + range(ci[0], ci[1]) + ")";
        if (ci[0] > 0) {
            return name(method) + ": more kinds pays more — " + slopes + "; " + diff + " excludes 0.";
        }
        if (ci[1] < 0) {
            return name(method) + ": more of the same pays more — " + slopes + "; " + diff + " excludes 0.";
        }
        return name(method) + ": not shown which pays more — " + slopes + "; " + diff + " includes 0.";
    }

    private static String describe(AxisSlope s, String how) {
        if (s.pointsPerImage() == null) {
            return "no slope " + how + " (" + s.note() + ")";
        }
        String text = per100(s.pointsPerImage()) + " points per " + IMAGES_STEP + " images " + how;
        return s.ciLow() == null ? text + " (no CI: " + s.note() + ")" : text + " (95% CI "
                + range(s.ciLow(), s.ciHigh()) + ", " + p(s.pValue()) + ")";
    }

    private static String per100(double pointsPerImage) {
        return String.format(Locale.ROOT, "%+.2f", pointsPerImage * IMAGES_STEP);
    }

    private static String range(double low, double high) {
        return String.format(Locale.ROOT, "%+.2f to %+.2f", low * IMAGES_STEP, high * IMAGES_STEP);
    }
}
