package io.metadiv.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.dataset.Multipart;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A quantity-vs-variety study over real HTTP: one dataset cut into a grid of nested subsets that all hold the same
 * classes out for evaluation, scored and trained by this process's worker, answered per method.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuantityVarietyStudyTests {

    private static final JsonMapper JSON = StudyRequests.JSON;
    /** 2-way runs, 2 seeds, on a grid of 2 and 4 training classes × 4 and 8 images, 2 classes held out. */
    private static final String SETTINGS = """
            "design": "QUANTITY_VS_VARIETY", "methods": ["FO_MAML", "PT"], "seeds": [0, 1],
            "grid": {"classes": [4, 2], "imagesPerClass": [4, 8], "seed": 5},
            "training": {"hidden": 8, "ways": 2, "shots": 1, "queries": 3, "iterations": 12, "metaBatch": 2,
                         "ptBatch": 6, "evalEpisodes": 8},
            "diversity": {"tasks": 3, "ways": 2, "shots": 1, "queries": 2, "headSteps": 10,
                          "probe": {"kind": "RANDOM_CONV4", "seed": 3, "hidden": 8}}""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private StudyClient api;

    @BeforeEach
    void client() {
        api = new StudyClient(port);
    }

    private String upload(int classes, int perClass, long seed) throws Exception {
        HttpResponse<String> created = api.http.send(new Multipart().field("name", "grating classes")
                .field("imageSize", "16").file("file", "f.zip", FamilyDatasets.zip(classes, classes, perClass, seed))
                .post(URI.create(api.url("/datasets"))), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asString();
    }

    @Test
    void aGridOfNestedSubsetsWithTheSameHeldOutClassesAnswersPerMethodWithBothSlopes() throws Exception {
        String parent = upload(6, 10, 41);
        JsonNode plan = JSON.readTree(StudyRequests.post(api.http, api.url("/studies/plan"), "{\"datasetIds\": [\""
                + parent + "\"], " + SETTINGS + "}").body());
        assertThat(plan.get("datasets")).as("%s", plan).hasSize(4);
        assertThat(plan.get("datasets").get(3).get("name").asString()).endsWith("4 classes × 8");
        assertThat(plan.get("totals").get("jobs").asInt()).as("%s", plan.get("totals")).isEqualTo(20);
        HttpResponse<String> accepted = api.post("{\"datasetIds\": [\"" + parent + "\"], " + SETTINGS + "}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode submitted = JSON.readTree(accepted.body());
        assertThat(submitted.get("progress").get("jobs").asInt()).as("4 scores, 4 cells × 2 methods × 2 seeds")
                .isEqualTo(4 + 16);
        assertThat(submitted.get("request").get("grid").get("classes").toString()).as("levels sorted")
                .isEqualTo("[2,4]");
        assertThat(submitted.get("request").get("grid").get("heldOutClasses").asInt()).as("[training.ways]")
                .isEqualTo(2);

        // every cell: its training classes first (2 or 4 of them, nested), then the same 2 held-out classes with
        // every one of their images; the score is of its training classes alone, derived from the cell
        Map<String, Integer> parentImages = new java.util.HashMap<>();
        classes(parent).forEach(c -> parentImages.put(c.get("name").asString(), c.get("images").asInt()));
        List<String> heldOut = null;
        List<List<String>> training = new ArrayList<>();
        int[][] levels = {{2, 4}, {2, 8}, {4, 4}, {4, 8}};
        for (int i = 0; i < 4; i++) {
            JsonNode entry = submitted.get("datasets").get(i);
            List<JsonNode> classes = classes(entry.get("datasetId").asString());
            assertThat(classes).hasSize(levels[i][0] + 2);
            List<String> names = classes.stream().map(c -> c.get("name").asString()).toList();
            List<String> cellHeldOut = names.subList(levels[i][0], names.size());
            heldOut = heldOut == null ? cellHeldOut : heldOut;
            assertThat(cellHeldOut).as("the same held-out classes in every cell, last").isEqualTo(heldOut);
            for (JsonNode c : classes) {
                boolean held = cellHeldOut.contains(c.get("name").asString());
                assertThat(c.get("images").asInt()).as(c.toString()).isEqualTo(held
                        ? parentImages.get(c.get("name").asString()) : levels[i][1]);
            }
            training.add(names.subList(0, levels[i][0]));
            String scored = jdbc.queryForObject("SELECT dataset_id FROM diversity_score WHERE id = ?::uuid",
                    String.class, entry.get("scoreId").asString());
            Map<String, Object> child = jdbc.queryForMap("SELECT parent_id::text AS parent, class_count FROM dataset "
                    + "WHERE id = ?::uuid", scored);
            assertThat(child.get("parent")).isEqualTo(entry.get("datasetId").asString());
            assertThat(((Number) child.get("class_count")).intValue()).isEqualTo(levels[i][0]);
        }
        assertThat(training.get(2)).as("4 classes keep the 2").containsAll(training.get(0));
        assertThat(new HashSet<>(training.get(0))).isEqualTo(new HashSet<>(training.get(1)));
        for (JsonNode run : submitted.get("runs")) {
            String settings = jdbc.queryForObject("SELECT e.settings FROM training_run t JOIN experiment e "
                    + "ON e.id = t.experiment_id WHERE t.id = ?::uuid", String.class, run.get("runId").asString());
            JsonNode spec = JSON.readTree(settings);
            assertThat(spec.get("splitInOrder").asBoolean()).isTrue();
            assertThat(spec.get("split").get(2).asDouble()).as("the held-out classes are meta-test").isEqualTo(2.0);
        }

        JsonNode study = api.awaitEnded(submitted.get("id").asString());
        assertThat(study.get("status").asString()).as("%s", study).isEqualTo("SUCCEEDED");
        JsonNode answer = study.get("quantityVariety");
        assertThat(answer.get("runs").asInt()).isEqualTo(16);
        assertThat(answer.get("cells")).hasSize(4);
        assertThat(answer.get("methods")).hasSize(2);
        for (JsonNode method : answer.get("methods")) {
            for (String axis : List.of("variety", "quantity")) {
                JsonNode slope = method.get(axis);
                assertThat(slope.get("status").asString()).as("%s", method).isEqualTo("COMPUTED");
                assertThat(slope.get("ciLow").asDouble()).isLessThanOrEqualTo(slope.get("pointsPerImage").asDouble());
                assertThat(slope.get("ciHigh").asDouble()).isGreaterThanOrEqualTo(slope.get("pointsPerImage")
                        .asDouble());
            }
            assertThat(method.get("differenceCiLow").isNumber()).as("2 seeds per cell give a CI").isTrue();
            assertThat(method.get("answer").asString()).isIn("VARIETY", "QUANTITY", "UNCLEAR");
            assertThat(method.get("cells")).hasSize(4);
            assertThat(method.get("sentence").asString()).contains("per 100 images as new classes")
                    .contains("95% CI");
        }
        assertThat(answer.get("findings").get(0).asString()).isNotBlank();
        assertOneCellFromTheStoredRows(study, answer);

        Chromium.require();
        String dom = Chromium.run("--dump-dom", api.root("/studies/" + study.get("id").asString()));
        assertThat(dom).contains(StudyReport.GRID_QUESTION).contains("id=\"axes\"").contains("id=\"cells\"")
                .contains("4 classes × 8 images");
        for (JsonNode finding : answer.get("findings")) {
            assertThat(dom).contains(StudyReportPageTests.domText(finding.asString()));
        }
        assertThat(dom).as("the plot loaded in the browser").contains("data-plot-loaded=\"true\"")
                .doesNotContain("Accuracy against diversity</h2>");
        Chromium.run("--screenshot=" + java.nio.file.Path.of("target/quantity-variety-report.png").toAbsolutePath(),
                "--window-size=1200,2600", api.root("/studies/" + study.get("id").asString()));

        HttpResponse<byte[]> png = api.http.send(java.net.http.HttpRequest.newBuilder(URI.create(api.url("/studies/"
                + study.get("id").asString() + "/plot.png"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(png.body())).getWidth()).isEqualTo(1000);
        HttpResponse<String> svg = api.send("GET", "/studies/" + study.get("id").asString() + "/plot.svg");
        assertThat(svg.body()).contains("<svg").contains(answer.get("findings").get(0).asString()
                .replace("&", "&amp;"));
    }

    /** The cell means the answer reports are the stored runs' accuracies. */
    private void assertOneCellFromTheStoredRows(JsonNode study, JsonNode answer) {
        String cell = study.get("datasets").get(3).get("datasetId").asString();
        Double stored = jdbc.queryForObject("""
                SELECT avg(t.accuracy) * 100 FROM study_run s JOIN training_run t ON t.id = s.run_id
                WHERE s.study_id = ?::uuid AND s.dataset_id = ?::uuid AND s.method = 'PT'""", Double.class,
                study.get("id").asString(), cell);
        JsonNode pt = answer.get("methods").get(1);
        assertThat(pt.get("method").asString()).isEqualTo("PT");
        JsonNode last = pt.get("cells").get(3);
        assertThat(last.get("classes").asInt()).isEqualTo(4);
        assertThat(last.get("imagesPerClass").asInt()).isEqualTo(8);
        assertThat(last.get("accuracy").asDouble()).isCloseTo(stored, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aGridThatDoesNotFitIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        String parent = upload(6, 10, 42);
        String other = upload(6, 10, 43);
        Integer studies = jdbc.queryForObject("SELECT count(*) FROM study", Integer.class);
        Integer datasets = jdbc.queryForObject("SELECT count(*) FROM dataset", Integer.class);
        String one = "\"datasetIds\": [\"" + parent + "\"], ";
        String[][] cases = {
            {"\"datasetIds\": [\"" + parent + "\", \"" + other + "\"], " + SETTINGS, "datasetIds"},
            {one + SETTINGS.replace("\"grid\": {\"classes\": [4, 2], \"imagesPerClass\": [4, 8], \"seed\": 5},", ""),
                "grid"},
            {one + SETTINGS.replace("[4, 2]", "[2]"), "grid.classes"},
            {one + SETTINGS.replace("[4, 2]", "[2, 5]"), "grid.classes"},
            {one + SETTINGS.replace("[4, 8]", "[4, 11]"), "grid.imagesPerClass"},
            {one + SETTINGS.replace("\"evalEpisodes\": 8", "\"evalEpisodes\": 8, \"split\": [0.5, 0, 0.5]"),
                "training.split"},
            {one + SETTINGS.replace("\"seed\": 5}", "\"seed\": 5, \"heldOutClasses\": 1}"), "training.ways"},
            {one + SETTINGS + ", \"equalize\": true", "equalize"},
            {one + SETTINGS.replace("QUANTITY_VS_VARIETY", "ACROSS_DATASETS"), "grid"},
        };
        for (String[] c : cases) {
            HttpResponse<String> refused = api.post("{" + c[0] + "}");
            assertThat(refused.statusCode()).as(c[0] + " -> " + refused.body()).isEqualTo(400);
            JsonNode problem = JSON.readTree(refused.body());
            Set<String> fields = new HashSet<>(List.of(problem.get("field").asString()));
            if (problem.has("errors")) {
                problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
            }
            assertThat(fields).as(refused.body()).contains(c[1]);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM study", Integer.class)).isEqualTo(studies);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dataset", Integer.class)).isEqualTo(datasets);
    }

    private List<JsonNode> classes(String dataset) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(api.send("GET", "/datasets/" + dataset + "/classes").body()).forEach(out::add);
        return out;
    }
}
