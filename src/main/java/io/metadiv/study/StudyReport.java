package io.metadiv.study;

import io.metadiv.diversity.api.DiversityScoring;
import io.metadiv.experiment.TrainingRuns;
import io.metadiv.job.JobStatus;
import io.metadiv.study.analysis.QuantityVariety;
import io.metadiv.study.analysis.StudyAnalysis;
import io.metadiv.study.analysis.StudyTables;
import io.metadiv.training.RunSpec;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;

/**
 * What the study report page shows, every value already a display string: the template (study-report.html) only
 * places them, and escapes each.
 *
 * @param question the study's question in plain words
 * @param state RUNNING, SUCCEEDED or FAILED (the study's status)
 * @param percentDone jobs ended, percent of all
 * @param analysis the tables; null until the study is analysed
 * @param settings the resolved request, one group per part
 * @param codeVersion the commit of the build serving the page
 * @param robustness whether the verdict holds under the second probe, in sentences (null without one or until
 *     analysed)
 * @param quantityVariety a quantity-vs-variety study's answer (null for other designs or until analysed)
 */
record StudyReport(String id, String name, String createdAt, String question, String state, int percentDone,
        StudyResponse.Progress progress, StudyResponse.Links links, Analysis analysis,
        List<DatasetRow> datasets, List<RunRow> runs, List<SettingGroup> settings, String codeVersion,
        List<String> robustness, QuantityVarietyView quantityVariety) {

    static final String GRID_QUESTION = "Should we collect more of the same data or more kinds of data? For each "
            + "method: how much accuracy does one more training image buy as a new class, and as one more image of a "
            + "class we have?";
    static final String QUESTION = "Across these datasets, does accuracy follow diversity, and does MAML turn "
            + "diversity into accuracy better than pre-training?";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * The analysed part.
     *
     * @param met whether the study meets its success criteria
     * @param sentences the verdict's findings in plain English, the overall answer last
     * @param plotAlt the plot's text alternative
     */
    record Analysis(boolean met, List<String> sentences, List<StudyTables.CriterionRow> criteria,
            List<StudyTables.TrendRow> trends, List<StudyTables.SlopeRow> slopes, List<StudyTables.GapRow> gaps,
            List<StudyTables.CostRow> costs, String slopeUnit, int runs, int datasets, String plotAlt) {

        /** The last sentence: "Overall: …". */
        public String overall() {
            return sentences.get(sentences.size() - 1);
        }

        /** Every sentence but the overall one. */
        public List<String> findings() {
            return sentences.subList(0, sentences.size() - 1);
        }
    }

    /**
     * A quantity-vs-variety study's answer, as display strings.
     *
     * @param answer VARIETY, QUANTITY or UNCLEAR
     * @param badge the answer in two words
     * @param findings the overall advice first, then one sentence per method
     */
    record QuantityVarietyView(String answer, String badge, List<String> findings, List<AxisRow> methods,
            List<CellRow> cells, String plotAlt) {
    }

    /** One method's slopes along both axes, points per 100 images with their CIs. */
    record AxisRow(String method, int runs, String variety, String quantity, String difference, String answer) {
    }

    /** One cell of the grid with each method's accuracy (mean ± CI over seeds). */
    record CellRow(String name, int images, String diversity, List<String> accuracies) {
    }

    /** One dataset of the study and its diversity score. */
    record DatasetRow(String name, String id, String coefficient, String status, boolean reused) {
    }

    /** One training run of the grid. */
    record RunRow(String dataset, String method, long seed, String status, String accuracy, String runId,
            boolean reused) {
    }

    /** A titled list of settings. */
    record SettingGroup(String title, Map<String, String> values) {
    }

    static StudyReport of(StudyResponse s, String codeVersion) {
        StudyResponse.Progress p = s.progress();
        int percent = p.jobs() == 0 ? 100 : (int) Math.floor(100.0 * p.ended() / p.jobs());
        Map<UUID, String> names = new HashMap<>();
        List<DatasetRow> datasets = new ArrayList<>();
        for (StudyResponse.DatasetEntry d : s.datasets()) {
            names.put(d.datasetId(), d.name());
            datasets.add(new DatasetRow(d.name(), d.datasetId().toString(), d.coefficient() == null
                    ? StudyTables.MISSING : StudyTables.coefficient(d.coefficient()) + (d.ci95() == null ? ""
                            : " ± " + StudyTables.coefficient(d.ci95())), status(d.status()), d.reused()));
        }
        List<RunRow> runs = s.runs().stream().map(r -> new RunRow(names.get(r.datasetId()), StudyTables.method(r.method()),
                r.seed(), status(r.status()), r.accuracy() == null ? StudyTables.MISSING : String.format(Locale.ROOT,
                        "%.1f ± %.1f", 100 * r.accuracy(), r.ci95() == null ? 0 : 100 * r.ci95()),
                r.runId().toString(), r.reused())).toList();
        boolean grid = StudySubmission.quantityVsVariety(s.request());
        return new StudyReport(s.id().toString(), s.name(), TIME.format(s.createdAt()), grid ? GRID_QUESTION
                : QUESTION, s.status(),
                percent, p, s.links(), s.analysis() == null ? null : analysis(s.analysis()), datasets, runs,
                settings(s.request()), codeVersion, s.robustness() == null || s.robustness().agreement() == null ? null
                        : s.robustness().agreement().sentences(), s.quantityVariety() == null ? null
                        : quantityVariety(s.quantityVariety()));
    }

    private static QuantityVarietyView quantityVariety(QuantityVariety q) {
        List<AxisRow> methods = q.methods().stream().map(m -> new AxisRow(StudyTables.method(m.method()),
                m.variety().runs(), axis(m.variety()), axis(m.quantity()), m.difference() == null ? StudyTables.MISSING
                        : per100(m.difference()) + (m.differenceCiLow() == null ? "" : " [" + per100(m.differenceCiLow())
                        + ", " + per100(m.differenceCiHigh()) + "]"), m.answer().name())).toList();
        List<CellRow> cells = new ArrayList<>();
        for (int i = 0; i < q.cells().size(); i++) {
            QuantityVariety.Cell c = q.cells().get(i);
            List<String> accuracies = new ArrayList<>();
            for (QuantityVariety.MethodAnswer m : q.methods()) {
                accuracies.add(m.cells().stream().filter(a -> a.classes() == c.classes()
                        && a.imagesPerClass() == c.imagesPerClass()).findFirst().map(a -> String.format(Locale.ROOT,
                        "%.1f", a.accuracy()) + (a.ci95() == null ? "" : String.format(Locale.ROOT, " ± %.1f",
                        a.ci95()))).orElse(StudyTables.MISSING));
            }
            cells.add(new CellRow(c.classes() + " classes × " + c.imagesPerClass() + " images", c.trainingImages(),
                    c.diversity() == null ? StudyTables.MISSING : StudyTables.coefficient(c.diversity()), accuracies));
        }
        String badge = switch (q.answer()) {
            case VARIETY -> "MORE KINDS";
            case QUANTITY -> "MORE OF THE SAME";
            case UNCLEAR -> "NOT SHOWN";
        };
        String alt = "Line plot of meta-test accuracy (%) against training images, one colour per method: solid "
                + "lines add classes, dashed lines add images per class. " + String.join(" ", q.findings());
        return new QuantityVarietyView(q.answer().name(), badge, q.findings(), methods, cells, alt);
    }

    private static String axis(QuantityVariety.AxisSlope s) {
        if (s.pointsPerImage() == null) {
            return StudyTables.MISSING;
        }
        return per100(s.pointsPerImage()) + (s.ciLow() == null ? "" : " [" + per100(s.ciLow()) + ", "
                + per100(s.ciHigh()) + "]");
    }

    private static String per100(double pointsPerImage) {
        return String.format(Locale.ROOT, "%+.2f", pointsPerImage * QuantityVariety.IMAGES_STEP);
    }

    private static Analysis analysis(StudyAnalysis a) {
        List<StudyTables.TrendRow> trends = StudyTables.trends(a);
        String alt = "Scatter plot of meta-test accuracy (percentage points) against each dataset's diversity "
                + "coefficient, one colour per method (" + trends.stream().map(StudyTables.TrendRow::method)
                        .collect(Collectors.joining(", ")) + "), one point per dataset with its 95% CI bar, and "
                + "each method's fitted line: " + trends.stream().map(t -> t.method() + " slope " + t.slope() + " "
                        + StudyTables.SLOPE_UNIT).collect(Collectors.joining("; ")) + ".";
        return new Analysis(a.verdict().met(), a.verdict().sentences(), StudyTables.criteria(a), trends,
                StudyTables.slopes(a), StudyTables.gaps(a), StudyTables.costs(a), StudyTables.SLOPE_UNIT, a.runs(),
                a.datasets(), alt);
    }

    /** The resolved request: methods and seeds, training, diversity, criteria. */
    private static List<SettingGroup> settings(StudyRequest r) {
        Map<String, String> grid = new LinkedHashMap<>();
        grid.put("design", r.design().name());
        if (r.grid() != null) {
            grid.put("classes", r.grid().classes().stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " training classes");
            grid.put("images per class", r.grid().imagesPerClass().stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")));
            grid.put("held-out classes", r.grid().heldOutClasses() + " (the meta-test classes of every cell, all "
                    + "their images; seed " + r.grid().seed() + ")");
        }
        grid.put("methods", r.methods().stream().map(StudyTables::method).collect(Collectors.joining(", ")));
        grid.put("seeds", r.seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        grid.put("bootstrapSeed", String.valueOf(r.bootstrapSeed()));
        grid.put("equalize", r.equalize() ? "yes: every dataset subsampled to the same classes and images per class "
                + "(seed " + r.equalizeSeed() + ")" : "no");
        if (r.robustnessProbe() != null) {
            grid.put("second probe", String.valueOf(DiversityScoring.resolvedSettings(
                    StudySubmission.withProbe(r.diversity(), r.robustnessProbe())).entrySet().stream()
                    .filter(e -> e.getKey().startsWith("probe.")).map(e -> e.getKey().substring(6) + " " + e.getValue())
                    .collect(Collectors.joining(", "))));
        }
        Map<String, Object> training = StudySubmission.JSON.convertValue(TrainingRuns.settings(r.training(),
                r.methods().get(0)), new TypeReference<LinkedHashMap<String, Object>>() { });
        training.remove("method");
        training.remove("seed");
        // the width setting of the other architecture does not apply
        training.remove(RunSpec.Arch.CONV4.name().equals(training.get("arch")) ? "widths" : "hidden");
        Map<String, Object> criteria = StudySubmission.JSON.convertValue(r.criteria(),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        if (Integer.valueOf(0).equals(criteria.get("minDatasets"))) {
            criteria.put("minDatasets", "0 (a majority of the datasets compared)");
        }
        Map<String, Object> diversity = DiversityScoring.resolvedSettings(r.diversity());
        if (r.grid() != null) {
            // a grid study sets the splits per cell: the stored defaults would mislead
            training.remove("splitSeed");
            training.remove("splitInOrder");
            training.put("split", "per cell: its training classes, none for validation, the " + r.grid()
                    .heldOutClasses() + " held-out classes as meta-test");
            diversity.remove("splitSeed");
            diversity.put("split", "every training class of the cell (held-out classes are not scored)");
            return List.of(new SettingGroup("Grid", grid), new SettingGroup("Training (every method)", text(training)),
                    new SettingGroup("Diversity score (every cell)", text(diversity)));
        }
        return List.of(new SettingGroup("Grid", grid), new SettingGroup("Training (every method)", text(training)),
                new SettingGroup("Diversity score (every dataset)", text(diversity)),
                new SettingGroup("Success criteria", text(criteria)));
    }

    private static Map<String, String> text(Map<String, Object> values) {
        Map<String, String> text = new LinkedHashMap<>();
        values.forEach((k, v) -> text.put(k, v instanceof List<?> list ? list.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) : String.valueOf(v)));
        return text;
    }

    private static String status(JobStatus status) {
        return status == null ? StudyTables.MISSING : status.name();
    }
}
