package io.metadiv.diversity.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.dataset.DatasetApi;
import io.metadiv.dataset.Multipart;
import io.metadiv.dataset.format.TestArchives;
import io.metadiv.study.FamilyDatasets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The diversity history over real HTTP, scored by the real worker: a root whose classes all vary one grating (one
 * family), a version that only re-adds copies of its images (no diversity gained), and a version that adds classes of
 * six other grating families (diversity gained). With this tiny probe the coefficient's CI is narrower than its spread
 * over task seeds (a copy crosses its parent's CI at 2 of seeds 1–5): the seed is fixed at 5, where both margins are
 * wide (copies 0.047 against 0.0585, the new families 0.071 against 0.051).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiversityHistoryTests {

    /** 12 tasks of 5-way 3-shot 5-query on every class (split 1/0/0) with a Conv4-8 probe: a second or so each. */
    private static final String SETTINGS = "tasks=12&ways=5&shots=3&queries=5&seed=5&headSteps=30&split=1,0,0"
            + "&probe.kind=RANDOM_CONV4&probe.seed=3&probe.hidden=8";
    private static final String SETTINGS_JSON = """
            {"tasks": 12, "ways": 5, "shots": 3, "queries": 5, "seed": 5, "headSteps": 30, "split": [1, 0, 0],
             "probe": {"kind": "RANDOM_CONV4", "seed": 3, "hidden": 8}}""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void copiesGainNoDiversityANewFamilyDoesAndMissingScoresAreQueuedOnce() throws Exception {
        DatasetApi api = new DatasetApi(port);
        Map<String, byte[]> oneFamily = FamilyDatasets.entries(1, 6, 16, 7); // family0/class<c>/img<i>.png
        String root = id(http.send(new Multipart().field("name", "alike").field("imageSize", "16")
                .file("file", "alike.zip", TestArchives.zip(oneFamily)).post(api.uri("")),
                HttpResponse.BodyHandlers.ofString()));
        // The same images again under the same classes: twice the images, nothing new to see.
        Map<String, byte[]> again = new LinkedHashMap<>();
        oneFamily.forEach((path, png) -> again.put(path.replace("/img", "/again-img"), png));
        String copies = id(version(api, root, "alike, copied", again));
        // Six new classes, each from a grating family of its own.
        Map<String, byte[]> others = new LinkedHashMap<>();
        FamilyDatasets.entries(6, 6, 16, 8).forEach((path, png) -> others.put("other-" + path, png));
        String family = id(version(api, copies, "alike + other families", others));

        // A finished score of the root under these settings is reused, not computed again.
        HttpResponse<String> posted = post("/" + root + "/diversity", SETTINGS_JSON);
        String rootScore = DatasetApi.json(posted).get("id").asString();
        await("/" + root + "/diversity/" + rootScore, s -> !s.get("status").asString().matches("QUEUED|RUNNING"));
        long before = scores();

        // Two histories asked at once queue one score per dataset between them.
        CompletableFuture<HttpResponse<String>> a = http.sendAsync(history(family, ""), HttpResponse.BodyHandlers
                .ofString());
        CompletableFuture<HttpResponse<String>> b = http.sendAsync(history(family, ""), HttpResponse.BodyHandlers
                .ofString());
        JsonNode first = DatasetApi.json(a.get());
        assertThat(DatasetApi.json(b.get()).get("entries").valueStream().map(e -> e.get("scoreId").asString()))
                .isEqualTo(first.get("entries").valueStream().map(e -> e.get("scoreId").asString()).toList());
        assertThat(scores()).as("two new scores: the versions'").isEqualTo(before + 2);
        assertThat(first.get("datasetId").asString()).isEqualTo(family);
        assertThat(first.get("settings").get("tasks").asInt()).isEqualTo(12);
        assertThat(first.get("probe").get("hidden").asInt()).isEqualTo(8);
        assertThat(first.get("rule").asString()).contains("coefficient > parent.coefficient + parent.ci95");
        assertThat(first.get("complete").asBoolean()).isFalse();
        List<JsonNode> queued = first.get("entries").valueStream().toList();
        assertThat(queued).extracting(e -> e.get("datasetId").asString()).containsExactly(root, copies, family);
        assertThat(queued).extracting(e -> e.get("format").asString()).containsExactly("ZIP_IMAGE_FOLDER", "VERSION",
                "VERSION");
        assertThat(queued).extracting(e -> e.get("images").asInt()).containsExactly(96, 192, 288);
        assertThat(queued).extracting(e -> e.get("classes").asInt()).containsExactly(6, 6, 12);
        assertThat(queued.get(0).get("scoreId").asString()).isEqualTo(rootScore);
        assertThat(queued.get(0).get("status").asString()).isEqualTo("SUCCEEDED");
        // One worker slot: of the two new scores at most one is running yet.
        assertThat(queued.subList(1, 3)).extracting(e -> e.get("status").asString()).allMatch(s -> s.matches(
                "QUEUED|RUNNING")).contains("QUEUED");
        assertThat(queued.get(2).get("coefficient").isNull()).isTrue();
        assertThat(queued.get(2).get("diversityGained").isNull()).isTrue();
        assertThat(queued.get(2).get("sentence").asString()).contains("GET this history again");

        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode done = first;
        while (!done.get("complete").asBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            done = DatasetApi.json(http.send(history(family, ""), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(done.get("complete").asBoolean()).as("%s", done).isTrue();
        assertThat(scores()).as("asking again queues nothing").isEqualTo(before + 2);
        List<JsonNode> entries = done.get("entries").valueStream().toList();
        assertThat(entries).extracting(e -> e.get("status").asString()).containsOnly("SUCCEEDED");
        double[] c = entries.stream().mapToDouble(e -> e.get("coefficient").asDouble()).toArray();
        double[] ci = entries.stream().mapToDouble(e -> e.get("ci95").asDouble()).toArray();
        System.out.printf("DiversityHistoryTests: alike %.4f ± %.4f, copied %.4f ± %.4f, + families %.4f ± %.4f%n",
                c[0], ci[0], c[1], ci[1], c[2], ci[2]);
        assertThat(entries.get(0).get("diversityGained").isNull()).isTrue();
        assertThat(entries.get(0).get("sentence").asString()).startsWith("The root of the lineage");
        assertThat(entries.get(1).get("diversityGained").asBoolean()).as("copies: %s", entries.get(1)).isFalse();
        assertThat(c[1]).isLessThanOrEqualTo(c[0] + ci[0]);
        assertThat(entries.get(1).get("sentence").asString()).startsWith("No diversity gained");
        assertThat(entries.get(2).get("diversityGained").asBoolean()).as("other families: %s", entries.get(2)).isTrue();
        assertThat(c[2]).isGreaterThan(c[1] + ci[1]);
        assertThat(entries.get(2).get("sentence").asString()).startsWith("Diversity gained");
        // The history of the middle version ends there: its descendants are not part of it.
        assertThat(DatasetApi.json(http.send(history(copies, ""), HttpResponse.BodyHandlers.ofString()))
                .get("entries").valueStream().map(e -> e.get("datasetId").asString())).containsExactly(root, copies);

        HttpResponse<byte[]> png = http.send(plot(family, "png", SETTINGS + "&width=800&height=500"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(image.getWidth()).isEqualTo(800);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "diversity-history-sample.png"), png.body()); // to look at
        HttpResponse<String> svg = http.send(plot(family, "svg", SETTINGS), HttpResponse.BodyHandlers.ofString());
        assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(svg.body()).contains("<title>Diversity along the lineage of alike + other families</title>",
                "alike, copied: " + String.format(java.util.Locale.ROOT, "%.3f", c[1]), "(no diversity gained)");
        assertThat(scores()).as("the plots reuse the scores").isEqualTo(before + 2);
    }

    @Test
    void badSettingsAre400AndQueueNothingAndAnAncestorTheyDoNotFitHasNoScore() throws Exception {
        DatasetApi api = new DatasetApi(port);
        String root = id(api.uploadZip("noise", TestArchives.zip(TestArchives.imageFolder("", 3, 4, 41))));
        Map<String, byte[]> added = TestArchives.imageFolder("new-", 3, 4, 42); // classes new-class0, …
        String wider = id(version(api, root, "noise, 6 classes", added));
        long before = scores();
        String[][] bad = {
            {"tasks=1", "tasks"},
            {"ways=2&probe.hidden=0", "probe.hidden"},
            {"ways=6&shots=1&queries=1&split=1,0,0&probe.kind=CRYSTAL_BALL", "probe.kind"},
            {"ways=7&shots=1&queries=1&split=1,0,0", null}, // 6 classes: does not fit the dataset itself
        };
        for (String[] c : bad) {
            HttpResponse<String> answer = http.send(history(wider, c[0]), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(c[0] + " -> " + answer.body()).isEqualTo(400);
            if (c[1] != null) {
                assertThat(DatasetApi.json(answer).get("field").asString()).as(c[0]).isEqualTo(c[1]);
            }
            assertThat(http.send(plot(wider, "png", c[0]), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(400);
        }
        assertThat(http.send(plot(wider, "png", "width=20"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(400);
        assertThat(http.send(history(java.util.UUID.randomUUID().toString(), ""), HttpResponse.BodyHandlers
                .ofString()).statusCode()).isEqualTo(404);
        assertThat(scores()).as("nothing queued on a refused history").isEqualTo(before);

        // 6-way fits the version (6 classes) but not its root (3): the root is listed without a score.
        String sixWay = "tasks=2&ways=6&shots=1&queries=1&headSteps=5&split=1,0,0&probe.hidden=8";
        JsonNode history = DatasetApi.json(http.send(history(wider, sixWay), HttpResponse.BodyHandlers.ofString()));
        JsonNode rootEntry = history.get("entries").get(0);
        assertThat(rootEntry.get("scoreId").isNull()).isTrue();
        assertThat(rootEntry.get("status").isNull()).isTrue();
        assertThat(rootEntry.get("sentence").asString()).startsWith("No score: these settings do not fit");
        assertThat(history.get("entries").get(1).get("status").asString()).matches("QUEUED|RUNNING|SUCCEEDED");
        assertThat(scores()).isEqualTo(before + 1);
        // While no score has finished, the plot is drawn all the same and says so.
        HttpResponse<String> waiting = http.send(plot(wider, "svg", sixWay), HttpResponse.BodyHandlers
                .ofString());
        assertThat(waiting.statusCode()).isEqualTo(200);
        assertThat(waiting.body()).containsAnyOf("No finished diversity score yet", "noise, 6 classes: 0.");
        await("/" + wider + "/diversity/" + history.get("entries").get(1).get("scoreId").asString(),
                s -> !s.get("status").asString().matches("QUEUED|RUNNING"));
    }

    private HttpResponse<String> version(DatasetApi api, String parent, String name, Map<String, byte[]> entries)
            throws Exception {
        return http.send(new Multipart().field("name", name).file("file", "v.zip", TestArchives.zip(entries))
                .post(api.uri("/" + parent + "/versions")), HttpResponse.BodyHandlers.ofString());
    }

    private static String id(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return DatasetApi.json(created).get("id").asString();
    }

    private HttpRequest history(String datasetId, String query) {
        return HttpRequest.newBuilder(URI.create(base() + "/" + datasetId + "/diversity/history?"
                + (query.isEmpty() ? SETTINGS : query))).build();
    }

    private HttpRequest plot(String datasetId, String format, String query) {
        return HttpRequest.newBuilder(URI.create(base() + "/" + datasetId + "/diversity/history." + format + "?"
                + query)).build();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode await(String path, java.util.function.Predicate<JsonNode> until) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode node = DatasetApi.json(http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString()));
        while (!until.test(node) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            node = DatasetApi.json(http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(node.get("status").asString()).as("%s", node).isEqualTo("SUCCEEDED");
        return node;
    }

    private String base() {
        return "http://localhost:" + port + "/api/v1/datasets";
    }

    private long scores() {
        return jdbc.queryForObject("SELECT count(*) FROM diversity_score", Long.class);
    }
}
