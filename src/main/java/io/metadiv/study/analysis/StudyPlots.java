package io.metadiv.study.analysis;

import static io.metadiv.study.analysis.StudyText.name;
import static io.metadiv.study.analysis.StudyText.num2;
import static io.metadiv.study.analysis.StudyText.perStep;

import io.metadiv.training.RunSpec.Method;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.AxesChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The study's pictures, drawn with XChart (headless-safe: no window is opened; the JVM needs
 * {@code java.awt.headless=true} on a server, as Spring Boot sets by default).
 *
 * <p>Accuracy against diversity: one colour per method, one point per dataset (mean over seeds) with its 95% CI
 * as an error bar, the fitted line, R² and slope in the legend, dataset names above the points; the methods'
 * points at one diversity are set slightly apart so that their bars stay visible. Heat map: the
 * Task2Vec distances between tasks, labelled, with a colour scale.
 */
public final class StudyPlots {

    /** Okabe–Ito colours: distinguishable with colour blindness and in greyscale print. */
    private static final Map<Method, Color> COLOURS = Map.of(Method.HO_MAML, new Color(0x0072B2), Method.FO_MAML,
            new Color(0xD55E00), Method.PT, new Color(0x009E73));
    static final Font BASE = new Font("DejaVu Sans", Font.PLAIN, 13);
    private static final Font TICK_LABELS = BASE.deriveFont(12f);
    private static final int DEFAULT_HEATMAP_SIZE = 800;
    /** Above this many tasks the cell values no longer fit in the cells. */
    private static final int MAX_TASKS_WITH_VALUES = 15;
    /**
     * Pixels of a heat map's width that neither its plot nor its y labels get (axis title, ticks, colour scale,
     * margins), and the least gap between level x labels.
     */
    private static final double HEATMAP_FRAME = 160;
    private static final double LABEL_GAP = 8;
    /** The colour scale's ends are rounded outwards to 1/1000. */
    private static final double SCALE_ROUNDING = 1000;
    /**
     * Methods' points at one diversity are drawn this share of the x range apart, so that their error bars do
     * not hide each other (a "dodge"; the fitted lines use the true diversities).
     */
    private static final double DODGE = 0.008;

    private StudyPlots() {
    }

    /** Accuracy against diversity as PNG. */
    public static byte[] accuracyVsDiversityPng(StudyAnalysis analysis, int width, int height) {
        return png(accuracyVsDiversity(analysis, width, height));
    }

    /**
     * Accuracy against diversity as SVG. XChart draws text as outlines, so the dataset and method names also
     * stand in the SVG's {@code <title>} and {@code <desc>}, for screen readers and search.
     */
    public static byte[] accuracyVsDiversitySvg(StudyAnalysis analysis, int width, int height) {
        XYChart chart = accuracyVsDiversity(analysis, width, height);
        StringBuilder desc = new StringBuilder();
        for (MethodTrend t : analysis.trends()) {
            desc.append(legendName(t)).append(". ");
        }
        for (DatasetMean m : analysis.means()) {
            desc.append(m.datasetName()).append(" (diversity ").append(fmt("%.3f", m.diversity())).append("): ")
                    .append(name(m.method())).append(' ').append(fmt("%.1f", m.accuracyPoints())).append("% ± ")
                    .append(fmt("%.1f", m.accuracyCi95Points())).append(". ");
        }
        return svg(chart, chart.getTitle(), desc.toString().trim());
    }

    /** Accuracy against training images along both axes of a quantity-vs-variety study, as PNG. */
    public static byte[] quantityVarietyPng(QuantityVariety answer, int width, int height) {
        return png(quantityVariety(answer, width, height));
    }

    /** The same as SVG, the answer's sentences in its {@code <desc>}. */
    public static byte[] quantityVarietySvg(QuantityVariety answer, int width, int height) {
        XYChart chart = quantityVariety(answer, width, height);
        return svg(chart, chart.getTitle(), String.join(" ", answer.findings()));
    }

    /**
     * One line per level of the axis held fixed: solid lines add classes at fixed images per class (variety),
     * dashed lines add images per class at fixed classes (quantity); one colour per method, bars the 95% CI over
     * seeds. Where solid lines climb faster than dashed ones, more kinds of data pay more per image.
     */
    private static XYChart quantityVariety(QuantityVariety answer, int width, int height) {
        XYChart chart = titled(new XYChart(size(width), size(height)), "Quantity vs variety: accuracy per added image",
                "Training images (classes × images per class)   ·   solid: more classes, dashed: more images per class",
                "Meta-test accuracy (%), bars: 95% CI over seeds");
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Vertical)
                .setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setPlotBackgroundColor(Color.WHITE).setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(new Color(0xE6E6E6)).setErrorBarsColorSeriesColor(true)
                .setXAxisDecimalPattern("0").setYAxisDecimalPattern("0");
        if (answer.methods().isEmpty()) {
            chart.addSeries("no runs", new double[] {0}, new double[] {0}).setShowInLegend(false).setEnabled(false);
            return chart;
        }
        // accuracy is a percentage: bars of a wide CI (two seeds) must not stretch the axis past 0 and 100
        List<QuantityVariety.CellAccuracy> all = answer.methods().stream().flatMap(m -> m.cells().stream()).toList();
        double low = all.stream().mapToDouble(c -> c.accuracy() - (c.ci95() == null ? 0 : c.ci95())).min().orElse(0);
        double high = all.stream().mapToDouble(c -> c.accuracy() + (c.ci95() == null ? 0 : c.ci95())).max()
                .orElse(100);
        styler.setYAxisMin(Math.max(0, Math.floor(low / 5) * 5)).setYAxisMax(Math.min(100, Math.ceil(high / 5) * 5));
        BasicStroke dashed = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
                new float[] {8f, 5f}, 0f);
        for (QuantityVariety.MethodAnswer m : answer.methods()) {
            Color colour = COLOURS.get(m.method());
            for (QuantityVariety.Axis axis : QuantityVariety.Axis.values()) {
                Map<Integer, List<QuantityVariety.CellAccuracy>> lines = new java.util.TreeMap<>();
                for (QuantityVariety.CellAccuracy c : m.cells()) {
                    lines.computeIfAbsent(axis == QuantityVariety.Axis.VARIETY ? c.imagesPerClass() : c.classes(),
                            k -> new ArrayList<>()).add(c);
                }
                boolean first = true;
                for (Map.Entry<Integer, List<QuantityVariety.CellAccuracy>> line : lines.entrySet()) {
                    List<QuantityVariety.CellAccuracy> points = new ArrayList<>(line.getValue());
                    points.sort(java.util.Comparator.comparingInt(QuantityVariety.CellAccuracy::trainingImages));
                    QuantityVariety.AxisSlope slope = axis == QuantityVariety.Axis.VARIETY ? m.variety() : m.quantity();
                    String label = first ? name(m.method()) + ", " + (axis == QuantityVariety.Axis.VARIETY
                            ? "more classes: " : "more images per class: ") + slopeText(slope)
                            : name(m.method()) + " " + axis + " " + line.getKey();
                    XYSeries series = chart.addSeries(label,
                            points.stream().mapToDouble(QuantityVariety.CellAccuracy::trainingImages).toArray(),
                            points.stream().mapToDouble(QuantityVariety.CellAccuracy::accuracy).toArray(),
                            points.stream().mapToDouble(c -> c.ci95() == null ? 0 : c.ci95()).toArray());
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setShowInLegend(first);
                    series.setMarker(axis == QuantityVariety.Axis.VARIETY ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE)
                            .setMarkerColor(colour);
                    series.setLineColor(colour);
                    if (axis == QuantityVariety.Axis.QUANTITY) {
                        series.setLineStyle(dashed);
                    }
                    first = false;
                }
            }
        }
        return chart;
    }

    private static String slopeText(QuantityVariety.AxisSlope s) {
        if (s.pointsPerImage() == null) {
            return "no slope";
        }
        String text = fmt("%+.2f", s.pointsPerImage() * QuantityVariety.IMAGES_STEP) + " pts per "
                + QuantityVariety.IMAGES_STEP + " images";
        return s.ciLow() == null ? text : text + " [" + fmt("%+.2f", s.ciLow() * QuantityVariety.IMAGES_STEP) + ", "
                + fmt("%+.2f", s.ciHigh() * QuantityVariety.IMAGES_STEP) + "]";
    }

    /** Heat map of distances between tasks, 800 × 800 pixels. */
    public static byte[] heatmapPng(double[][] distances, List<String> taskLabels) {
        return heatmapPng(distances, taskLabels, DEFAULT_HEATMAP_SIZE, DEFAULT_HEATMAP_SIZE);
    }

    /**
     * Heat map of distances between tasks.
     *
     * @param distances square matrix, one row and column per task
     * @param taskLabels one label per task, in the matrix's order
     * @throws IllegalArgumentException when the matrix is not square, does not match the labels or holds a
     *     non-finite value
     */
    public static byte[] heatmapPng(double[][] distances, List<String> taskLabels, int width, int height) {
        int n = taskLabels.size();
        if (n == 0 || distances.length != n) {
            throw new IllegalArgumentException("distances must have one row per task label (" + n + "), has "
                    + distances.length);
        }
        List<Number[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (distances[i].length != n) {
                throw new IllegalArgumentException("distances row " + i + " must have " + n + " values, has "
                        + distances[i].length);
            }
            for (int j = 0; j < n; j++) {
                double d = distances[i][j];
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("distances[" + i + "][" + j + "] must be finite, got " + d);
                }
                // x = column, y = row; XChart puts y index 0 at the bottom, so rows are flipped to read top-down
                cells.add(new Number[] {j, n - 1 - i, d});
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
        }
        // the builder, not the (width, height) constructor: in XChart 4.0.3 only the builder sets the heat map's
        // default styles (colours, legend font), the constructor leaves them null
        HeatMapChart chart = new HeatMapChartBuilder().width(size(width)).height(size(height)).build();
        titled(chart, "Task2Vec distance between tasks", "Task", "Task");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(labelsFitSideBySide(taskLabels, width) ? 0 : 45)
                .setPlotGridLinesVisible(false);
        // the colour scale prints its ends as plain doubles: rounded outwards to 3 decimals they stay short
        double low = Math.floor(min * SCALE_ROUNDING) / SCALE_ROUNDING;
        double high = Math.ceil(max * SCALE_ROUNDING) / SCALE_ROUNDING;
        chart.getStyler().setRangeColors(new Color[] {new Color(0xFFFFE5), new Color(0xFEC44F), new Color(0xD95F0E)})
                .setShowValue(n <= MAX_TASKS_WITH_VALUES).setHeatMapValueDecimalPattern("0.00")
                .setValueFont(BASE.deriveFont(11f)).setMin(low).setMax(high == low ? low + 1 : high);
        List<String> reversed = new ArrayList<>(taskLabels);
        Collections.reverse(reversed);
        chart.addSeries("distance", taskLabels, reversed, cells);
        return png(chart);
    }

    /**
     * Whether the x axis can print the task labels level: the widest must fit one column of the plot, which is
     * what the y labels (as wide as the widest) and {@link #HEATMAP_FRAME} leave of the width. More than six tasks
     * are always tilted.
     */
    private static boolean labelsFitSideBySide(List<String> labels, int width) {
        if (labels.size() > 6) {
            return false;
        }
        FontRenderContext context = new FontRenderContext(null, true, true);
        double widest = labels.stream().mapToDouble(l -> TICK_LABELS.getStringBounds(l, context).getWidth())
                .max().orElse(0);
        return widest + LABEL_GAP < (width - widest - HEATMAP_FRAME) / labels.size();
    }

    private static XYChart accuracyVsDiversity(StudyAnalysis analysis, int width, int height) {
        XYChart chart = titled(new XYChart(size(width), size(height)), "Accuracy vs dataset diversity",
                "Diversity coefficient (Task2Vec)   ·   dashed: fitted line per method",
                "Meta-test accuracy (%), bars: 95% CI");
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Vertical)
                .setLegendBorderColor(Color.LIGHT_GRAY).setAnnotationTextFont(BASE.deriveFont(11f))
                .setAnnotationTextFontColor(Color.DARK_GRAY);
        styler.setPlotBackgroundColor(Color.WHITE).setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(new Color(0xE6E6E6)).setErrorBarsColorSeriesColor(true)
                .setXAxisDecimalPattern("0.00").setYAxisDecimalPattern("0");
        if (analysis.means().isEmpty()) {
            chart.addSeries("no runs", new double[] {0}, new double[] {0}).setShowInLegend(false)
                    .setEnabled(false);
            return chart;
        }
        double xMin = analysis.means().stream().mapToDouble(DatasetMean::diversity).min().orElseThrow();
        double xMax = analysis.means().stream().mapToDouble(DatasetMean::diversity).max().orElseThrow();
        double yLow = analysis.means().stream().mapToDouble(m -> m.accuracyPoints() - m.accuracyCi95Points()).min()
                .orElseThrow();
        double yHigh = analysis.means().stream().mapToDouble(m -> m.accuracyPoints() + m.accuracyCi95Points())
                .max().orElseThrow();
        double xPad = Math.max((xMax - xMin) * 0.08, 0.01);
        double yPad = Math.max((yHigh - yLow) * 0.06, 1);
        chart.getStyler().setXAxisMin(xMin - xPad).setXAxisMax(xMax + xPad).setYAxisMin(Math.max(0, yLow - yPad))
                .setYAxisMax(Math.min(100, yHigh + 3 * yPad));
        double dodge = DODGE * Math.max(xMax - xMin, 0.05);
        for (MethodTrend trend : analysis.trends()) {
            Method method = trend.method();
            List<DatasetMean> points = analysis.means().stream().filter(m -> m.method() == method).toList();
            Color colour = COLOURS.get(method);
            double shift = (method.ordinal() - 1) * dodge;
            XYSeries scatter = chart.addSeries(legendName(trend),
                    points.stream().mapToDouble(m -> m.diversity() + shift).toArray(),
                    points.stream().mapToDouble(DatasetMean::accuracyPoints).toArray(),
                    points.stream().mapToDouble(DatasetMean::accuracyCi95Points).toArray());
            scatter.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            scatter.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);
            scatter.setLineColor(colour);
            Regression r = trend.accuracy();
            if (r.slope() != null) {
                double[] xs = {xMin, xMax};
                XYSeries fit = chart.addSeries(name(method) + " fit", xs,
                        new double[] {r.intercept() + r.slope() * xMin, r.intercept() + r.slope() * xMax});
                fit.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                fit.setMarker(SeriesMarkers.NONE).setShowInLegend(false);
                fit.setLineColor(colour).setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND,
                        BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f));
            }
        }
        labelDatasets(chart, analysis, yPad);
        return chart;
    }

    /** Titles and the fonts and background both charts share. */
    static <C extends AxesChart<?, ?>> C titled(C chart, String title, String xTitle, String yTitle) {
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        chart.getStyler().setBaseFont(BASE).setChartTitleFont(BASE.deriveFont(Font.BOLD, 16f))
                .setLegendFont(BASE.deriveFont(12f)).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAxisTitleFont(BASE.deriveFont(13f)).setAxisTickLabelsFont(TICK_LABELS);
        return chart;
    }

    /** One name per dataset, above the highest error bar at its diversity. */
    private static void labelDatasets(XYChart chart, StudyAnalysis analysis, double yPad) {
        Map<String, double[]> top = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (DatasetMean m : analysis.means()) {
            double[] xy = top.computeIfAbsent(m.datasetId(), k -> new double[] {m.diversity(), Double.NEGATIVE_INFINITY});
            xy[1] = Math.max(xy[1], m.accuracyPoints() + m.accuracyCi95Points());
            names.putIfAbsent(m.datasetId(), m.datasetName());
        }
        top.forEach((id, xy) -> chart.addAnnotation(new AnnotationText(names.get(id), xy[0], xy[1] + 0.7 * yPad,
                false)));
    }

    /** "FO-MAML: R² 0.42, slope 13.0 pts per 0.1 diversity", or what is missing. */
    static String legendName(MethodTrend trend) {
        Regression r = trend.accuracy();
        String base = name(trend.method());
        if (r.slope() == null) {
            return base + " (no fit: " + r.n() + (r.n() == 1 ? " dataset)" : " datasets)");
        }
        String slope = "slope " + perStep(r.slope()) + " pts per 0.1 diversity";
        return r.r2() == null ? base + ": " + slope + " (no R² with " + r.n() + " datasets)"
                : base + ": R² " + num2(r.r2()) + ", " + slope;
    }

    static int size(int pixels) {
        if (pixels < 100 || pixels > 8000) {
            throw new IllegalArgumentException("width and height must be in [100, 8000] pixels, got " + pixels);
        }
        return pixels;
    }

    static String fmt(String pattern, double d) {
        return String.format(Locale.ROOT, pattern, d);
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SVG with a {@code <title>} and {@code <desc>} (XChart draws text as outlines). */
    static byte[] svg(Chart<?, ?> chart, String title, String description) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String svg = out.toString(StandardCharsets.UTF_8);
        int root = svg.indexOf("<svg");
        int end = root < 0 ? -1 : svg.indexOf('>', root);
        if (end < 0) {
            return out.toByteArray();
        }
        String meta = "<title>" + escape(title) + "</title><desc>" + escape(description) + "</desc>";
        return (svg.substring(0, end + 1) + meta + svg.substring(end + 1)).getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
