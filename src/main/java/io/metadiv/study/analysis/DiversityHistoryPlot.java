package io.metadiv.study.analysis;

import static io.metadiv.study.analysis.StudyPlots.fmt;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The diversity coefficient along a lineage (root → … → a dataset): one point per dataset with its 95% CI as an error
 * bar, in order; datasets that gained no diversity over their parent are drawn in another colour and marked "no
 * gain". Datasets without a finished score are named with their status; without any finished score the plot says so.
 */
public final class DiversityHistoryPlot {

    private static final Color GAINED = new Color(0x0072B2);
    private static final Color NO_GAIN = new Color(0xD55E00);
    private static final Color PATH = new Color(0xBBBBBB);
    /** A name gets the plot's width over the datasets, at about this many pixels a character, and at least this many. */
    private static final int CHAR_WIDTH = 7;
    private static final int MIN_NAME = 6;
    /** Pixels of the width outside the plot (y axis, margins). */
    private static final int PLOT_FRAME = 120;

    private DiversityHistoryPlot() {
    }

    /**
     * One dataset of the lineage.
     *
     * @param name its name
     * @param coefficient its diversity coefficient, or null while its score has not SUCCEEDED
     * @param ci95 half-width of the coefficient's 95% CI (null with it)
     * @param gained whether it rose above its parent's CI; null for the root or without both scores
     * @param status its score's status ("SUCCEEDED", "QUEUED", …, or "NO SCORE"), shown when there is no coefficient
     */
    public record Point(String name, Double coefficient, Double ci95, Boolean gained, String status) {
    }

    public static byte[] png(String title, List<Point> points, int width, int height) {
        return StudyPlots.png(chart(title, points, width, height));
    }

    /** As SVG; the points also stand in its {@code <desc>}. */
    public static byte[] svg(String title, List<Point> points, int width, int height) {
        StringBuilder desc = new StringBuilder();
        if (points.stream().allMatch(p -> p.coefficient() == null)) {
            desc.append("No finished diversity score yet. ");
        }
        for (Point p : points) {
            desc.append(p.name()).append(": ").append(p.coefficient() == null ? p.status()
                    : fmt("%.3f", p.coefficient()) + " ± " + fmt("%.3f", p.ci95())
                    + (Boolean.FALSE.equals(p.gained()) ? " (no diversity gained)" : "")).append(". ");
        }
        return StudyPlots.svg(chart(title, points, width, height), title, desc.toString().trim());
    }

    private static XYChart chart(String title, List<Point> points, int width, int height) {
        XYChart chart = StudyPlots.titled(new XYChart(StudyPlots.size(width), StudyPlots.size(height)), title,
                "Lineage, root first", "Diversity coefficient (Task2Vec), bars: 95% CI");
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setLegendBorderColor(Color.LIGHT_GRAY).setAnnotationTextFont(StudyPlots.BASE.deriveFont(11f))
                .setAnnotationTextFontColor(Color.DARK_GRAY);
        styler.setPlotBackgroundColor(Color.WHITE).setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(new Color(0xE6E6E6)).setErrorBarsColorSeriesColor(true)
                .setYAxisDecimalPattern("0.000");
        int n = points.size();
        // XChart hides every tick label once long ones overlap: the names go in the plot, under the points
        styler.setXAxisMin(0.5).setXAxisMax(n + 0.5).setXAxisTicksVisible(false);
        styler.setPlotGridVerticalLinesVisible(false);
        List<Point> scored = points.stream().filter(p -> p.coefficient() != null).toList();
        if (scored.isEmpty()) {
            styler.setYAxisMin(0.0).setYAxisMax(1.0).setLegendVisible(false);
            chart.addSeries("no scores", new double[] {1}, new double[] {0}).setShowInLegend(false).setEnabled(false);
            chart.addAnnotation(new AnnotationText("No finished diversity score yet (" + String.join(", ", points
                    .stream().map(Point::status).distinct().toList()) + "): GET this plot again once they have run",
                    (n + 1) / 2.0, 0.5, false));
            return chart;
        }
        double low = scored.stream().mapToDouble(p -> p.coefficient() - p.ci95()).min().orElseThrow();
        double high = scored.stream().mapToDouble(p -> p.coefficient() + p.ci95()).max().orElseThrow();
        double pad = Math.max((high - low) * 0.12, 0.004);
        styler.setYAxisMin(low - 3 * pad).setYAxisMax(high + pad);
        XYSeries path = chart.addSeries("path", xs(points, p -> p.coefficient() != null),
                values(points, p -> p.coefficient() != null, Point::coefficient));
        path.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE)
                .setLineColor(PATH).setLineStyle(new BasicStroke(1.5f)).setShowInLegend(false);
        series(chart, "coefficient ± 95% CI", points, p -> p.coefficient() != null && !Boolean.FALSE.equals(p
                .gained()), GAINED);
        series(chart, "no diversity gained (not above parent + CI)", points,
                p -> p.coefficient() != null && Boolean.FALSE.equals(p.gained()), NO_GAIN);
        int chars = Math.max(MIN_NAME, (width - PLOT_FRAME) / n / CHAR_WIDTH);
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            chart.addAnnotation(new AnnotationText(shortened(p.name(), chars), i + 1, low - 2.3 * pad, false));
            if (p.coefficient() == null) {
                chart.addAnnotation(new AnnotationText(p.status(), i + 1, low - 1.2 * pad, false));
            } else if (Boolean.FALSE.equals(p.gained())) {
                chart.addAnnotation(new AnnotationText("no gain", i + 1, p.coefficient() + p.ci95() + pad / 2,
                        false));
            }
        }
        return chart;
    }

    private static void series(XYChart chart, String name, List<Point> points, Predicate<Point> which, Color colour) {
        if (points.stream().noneMatch(which)) {
            return;
        }
        XYSeries s = chart.addSeries(name, xs(points, which), values(points, which, Point::coefficient),
                values(points, which, Point::ci95));
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE)
                .setMarkerColor(colour).setLineColor(colour);
    }

    /** Positions 1…n of the points that pass. */
    private static double[] xs(List<Point> points, Predicate<Point> which) {
        return IntStream.range(0, points.size()).filter(i -> which.test(points.get(i))).mapToDouble(i -> i + 1)
                .toArray();
    }

    private static double[] values(List<Point> points, Predicate<Point> which,
            java.util.function.Function<Point, Double> value) {
        return points.stream().filter(which).mapToDouble(p -> value.apply(p)).toArray();
    }

    private static String shortened(String name, int chars) {
        return name.length() <= chars ? name : name.substring(0, chars - 1) + "…";
    }
}
