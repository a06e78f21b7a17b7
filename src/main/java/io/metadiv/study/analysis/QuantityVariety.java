package io.metadiv.study.analysis;

import static io.metadiv.study.analysis.StudyText.name;
import static io.metadiv.study.analysis.StudyText.p;

import io.metadiv.training.RunSpec.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * The answer of a quantity-vs-variety study: per method, how many accuracy points one more training image buys when
 * it comes as a new class (variety: more classes at the same images per class) and when it comes as one more image
 * of a class already there (quantity: more images per class at the same classes), and which pays more.
 *
 * <p>Each axis' slope is one least-squares fit over the runs, accuracy = a_level + b·images, with a separate
 * intercept per level of the other axis (variety: per images-per-class level; quantity: per class-count level), so
 * b compares cells that differ along that axis only. Its 95% CI comes from the fit's standard error (t, n − p degrees
 * of freedom; the residuals hold seed noise and any curvature, so the interval is conservative). Whether one axis pays
 * more is the difference of the two slopes: both are linear in the same accuracies, b = a·y, so the difference is
 * (a_variety − a_quantity)·y with standard error s·|a_variety − a_quantity|, s the larger of the two fits' residual
 * standard deviations, on the smaller of their degrees of freedom. (A bootstrap over seeds was tried first: with two
 * seeds per cell it has too few distinct resamples and gave intervals that hugged zero.)
 *
 * @param cells the grid, classes-major
 * @param runs runs analysed (all methods)
 * @param methods the answer per method, in the study's method order
 * @param answer VARIETY when more kinds pays more for every method, QUANTITY when more of the same does, else UNCLEAR
 * @param findings the answer in plain sentences, overall advice first
 */
public record QuantityVariety(List<Cell> cells, int runs, List<MethodAnswer> methods, Answer answer,
        List<String> findings) {
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
     * @param differenceCiLow lower end of its 95% CI; null when not computed
     * @param differenceCiHigh upper end
     * @param differencePValue two-sided p-value of "both pay the same"
     * @param sentence the answer in words, with both slopes per 100 images and their CIs
     */
    public record MethodAnswer(Method method, AxisSlope variety, AxisSlope quantity, Double difference,
            Double differenceCiLow, Double differenceCiHigh, Double differencePValue, Answer answer, String sentence,
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
     */
    public static QuantityVariety of(List<Cell> cells, List<Run> runs, List<Method> methods) {
        List<MethodAnswer> answers = new ArrayList<>();
        for (Method method : methods) {
            List<Run> own = runs.stream().filter(r -> r.method() == method).toList();
            if (!own.isEmpty()) {
                answers.add(answer(cells, own, method));
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
        return new QuantityVariety(cells, runs.size(), answers, overall, findings);
    }

    private static MethodAnswer answer(List<Cell> cells, List<Run> runs, Method method) {
        Fit variety = Fit.of(cells, runs, Axis.VARIETY);
        Fit quantity = Fit.of(cells, runs, Axis.QUANTITY);
        AxisSlope v = variety.slope();
        AxisSlope q = quantity.slope();
        Double difference = null;
        double[] ci = null;
        Double pValue = null;
        if (v.pointsPerImage() != null && q.pointsPerImage() != null) {
            difference = v.pointsPerImage() - q.pointsPerImage();
            int df = Math.min(variety.df(), quantity.df());
            if (df > 0) {
                double norm = 0;
                for (int i = 0; i < runs.size(); i++) {
                    double d = variety.contrast()[i] - quantity.contrast()[i];
                    norm += d * d;
                }
                double se = Math.max(variety.residualSd(), quantity.residualSd()) * Math.sqrt(norm);
                TDistribution t = new TDistribution(df);
                double half = t.inverseCumulativeProbability(0.975) * se;
                ci = new double[] {difference - half, difference + half};
                pValue = se == 0 ? (difference == 0 ? 1.0 : 0.0) : 2 * t.cumulativeProbability(-Math.abs(difference
                        / se));
            }
        }
        Answer answer = ci == null ? Answer.UNCLEAR : ci[0] > 0 ? Answer.VARIETY : ci[1] < 0 ? Answer.QUANTITY
                : Answer.UNCLEAR;
        return new MethodAnswer(method, v, q, difference, ci == null ? null : ci[0], ci == null ? null : ci[1],
                pValue, answer, sentence(method, v, q, difference, ci, pValue), cellAccuracies(cells, runs));
    }

    /**
     * One axis' least-squares fit, accuracy = a_level + b·images, by the normal equations.
     *
     * @param contrast the row of (XᵀX)⁻¹Xᵀ that gives b = contrast·y; null when b is not determined
     * @param df residual degrees of freedom
     */
    private record Fit(AxisSlope slope, double[] contrast, double residualSd, int df) {

        static Fit of(List<Cell> cells, List<Run> runs, Axis axis) {
            List<Integer> levels = new ArrayList<>(new TreeSet<>(runs.stream().map(r -> other(cells.get(r.cell()),
                    axis)).toList()));
            long distinct = runs.stream().map(r -> other(cells.get(r.cell()), axis) + ":"
                    + cells.get(r.cell()).trainingImages()).distinct().count();
            if (distinct <= levels.size()) {
                return new Fit(new AxisSlope(axis, Status.TOO_FEW_DATASETS, runs.size(), null, null, null, null,
                        "no two cells differ along the " + axis.name().toLowerCase(Locale.ROOT) + " axis only"),
                        null, 0, 0);
            }
            int n = runs.size();
            int p = levels.size() + 1; // intercept and slope, one dummy per further level
            double[][] x = new double[n][p];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                Cell cell = cells.get(runs.get(i).cell());
                x[i][0] = 1;
                x[i][1] = cell.trainingImages();
                int level = levels.indexOf(other(cell, axis));
                if (level > 0) {
                    x[i][level + 1] = 1;
                }
                y[i] = 100 * runs.get(i).accuracy();
            }
            RealMatrix design = MatrixUtils.createRealMatrix(x);
            RealMatrix inverse = new LUDecomposition(design.transposeMultiply(design)).getSolver().getInverse();
            double[] contrast = inverse.multiply(design.transpose()).getRow(1);
            double[] beta = inverse.multiply(design.transpose()).operate(y);
            double b = beta[1];
            int df = n - p;
            if (df <= 0) {
                return new Fit(new AxisSlope(axis, Status.ESTIMATE_ONLY, n, b, null, null, null, n + " runs leave "
                        + "no degrees of freedom for a CI of " + p + " coefficients"), contrast, 0, 0);
            }
            double[] fitted = design.operate(beta);
            double rss = 0;
            for (int i = 0; i < n; i++) {
                rss += (y[i] - fitted[i]) * (y[i] - fitted[i]);
            }
            double sd = Math.sqrt(rss / df);
            double se = sd * Math.sqrt(inverse.getEntry(1, 1));
            TDistribution t = new TDistribution(df);
            double half = t.inverseCumulativeProbability(0.975) * se;
            double pValue = se == 0 ? (b == 0 ? 1 : 0) : 2 * t.cumulativeProbability(-Math.abs(b / se));
            return new Fit(new AxisSlope(axis, Status.COMPUTED, n, b, b - half, b + half, pValue, null), contrast,
                    sd, df);
        }
    }

    /** The level of the axis held fixed: images per class for variety, classes for quantity. */
    private static int other(Cell cell, Axis axis) {
        return axis == Axis.VARIETY ? cell.imagesPerClass() : cell.classes();
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
            double[] ci, Double pValue) {
        String slopes = describe(variety, "as new classes") + "; " + describe(quantity, "as more images of the "
                + "classes it has");
        if (difference == null) {
            return name(method) + ": not shown which pays more — " + slopes + ".";
        }
        if (ci == null) {
            return name(method) + ": not shown which pays more — " + slopes + "; the difference "
                    + per100(difference) + " has no CI: the fits leave no degrees of freedom (more seeds or cells).";
        }
        String diff = "the difference " + per100(difference) + " (95% CI " + range(ci[0], ci[1]) + ", " + p(pValue)
                + ")";
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
