package io.metadiv.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The study report page ({@code GET /studies/{id}}) over real HTTP and in a real browser: headless Chromium
 * (Debian's {@code chromium} package, which {@code .ci/run} installs) renders it, runs its script, loads the plot and
 * takes a screenshot (target/study-report.png).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StudyReportPageTests {

    private static final Path SCREENSHOT = Path.of("target/study-report.png");
    private static final Path FULL_SCREENSHOT = Path.of("target/study-report-full.png");
    /** Angle brackets, an ampersand and quotes: the page must show them, not interpret them. */
    private static final String NAME = "Noise trio: FO-MAML vs PT <smoke test> & \"tiny\" settings";

    @LocalServerPort
    int port;

    private StudyClient api;

    @BeforeEach
    void client() {
        api = new StudyClient(port);
    }

    private HttpResponse<String> page(String path) throws Exception {
        return api.http.send(HttpRequest.newBuilder(URI.create(api.root(path))).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theReportShowsProgressThenTheAnalysedStudyAndRendersInABrowser() throws Exception {
        Chromium.require();
        String request = StudyClient.request(NAME, api.noiseDatasets(81, 82, 83));
        String body = request.substring(0, request.length() - 1)
                + ", \"robustnessProbe\": {\"kind\": \"RANDOM_CONV4\", \"seed\": 11, \"hidden\": 8}}";
        HttpResponse<String> accepted = api.post(body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = StudyClient.JSON.readTree(accepted.body()).get("id").asString();

        // Just submitted: 12 jobs of seconds each, so still running.
        HttpResponse<String> running = page("/studies/" + id);
        assertThat(running.statusCode()).isEqualTo(200);
        assertThat(running.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html").containsIgnoringCase("charset=UTF-8"));
        assertThat(running.body()).contains("data-study-status=\"RUNNING\"", "The study is still running",
                "reload it", StudyReport.QUESTION).doesNotContain("id=\"plot\"");

        JsonNode study = api.awaitEnded(id);
        assertThat(study.get("status").asString()).as("%s", study).isEqualTo("SUCCEEDED");
        JsonNode analysis = study.get("analysis");
        HttpResponse<String> done = page("/studies/" + id);
        assertThat(done.statusCode()).isEqualTo(200);
        String html = done.body();
        // Escaped: the name shows as text, nothing of it becomes markup.
        assertThat(html).contains("Noise trio: FO-MAML vs PT &lt;smoke test&gt; &amp; &quot;tiny&quot; settings")
                .doesNotContain("<smoke test>");
        assertThat(html).contains(StudyReport.QUESTION, "src=\"/api/v1/studies/" + id + "/plot.svg\"",
                "href=\"/api/v1/studies/" + id + "\"", "id=\"trends\"", "id=\"slopes\"", "id=\"gaps\"",
                "id=\"costs\"", "noise-81", "noise-83", "FO-MAML", "Training (every method)", "evalEpisodes",
                "probe.kind", "RANDOM_CONV4", "minGapPoints");
        assertThat(html).contains(analysis.get("verdict").get("met").asBoolean() ? ">MET<" : ">NOT MET<");
        assertThat(html).as("no external resources").doesNotContain("http://", "https://")
                .doesNotContainPattern("<link\\b");

        // In the browser: the DOM after scripts ran, and a screenshot.
        String dom = Chromium.run("--dump-dom", api.root("/studies/" + id));
        for (JsonNode sentence : analysis.get("verdict").get("sentences")) {
            assertThat(dom).contains(domText(sentence.asString()));
        }
        assertThat(dom).contains("Does the verdict depend on the diversity probe?", domText(study.get("robustness")
                .get("agreement").get("sentences").get(0).asString()));
        assertThat(dom).containsPattern("<img[^>]*id=\"plot\"[^>]*>").contains("/api/v1/studies/" + id
                + "/plot.svg");
        assertThat(dom).as("the plot loaded in the browser").contains("data-plot-loaded=\"true\"");
        Files.deleteIfExists(SCREENSHOT);
        Chromium.run("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1200,2000",
                api.root("/studies/" + id));
        assertThat(SCREENSHOT).exists();
        BufferedImage shot = ImageIO.read(SCREENSHOT.toFile());
        assertThat(shot).as("%s decodes as an image", SCREENSHOT).isNotNull();
        assertThat(shot.getWidth()).isEqualTo(1200);
        assertThat(distinctColours(shot)).as("colours in the screenshot (a blank page has 1)").isGreaterThan(200);
        // The whole page, for people to look at (the window above shows its first 2000 pixels).
        Chromium.run("--screenshot=" + FULL_SCREENSHOT.toAbsolutePath(), "--window-size=1200,4800",
                api.root("/studies/" + id));
    }

    @Test
    void anUnknownStudyIsAnHtml404AndAMalformedIdAnHtml400() throws Exception {
        UUID unknown = UUID.randomUUID();
        HttpResponse<String> missing = page("/studies/" + unknown);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(missing.body()).contains("<title>404 Study not found", "No study with id " + unknown);

        HttpResponse<String> malformed = page("/studies/%3Cb%3Enot-an-id");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(malformed.body()).contains("Not a study id", "&#39;&lt;b&gt;not-an-id&#39; is not a study id")
                .doesNotContain("<b>not-an-id");
    }

    /** Text as the browser serialises it in the DOM: only &amp;, &lt; and &gt; escaped. */
    static String domText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
