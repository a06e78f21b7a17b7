package io.metadiv.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metadiv.dataset.format.IngestOptions;
import io.metadiv.dataset.format.TestArchives;
import io.metadiv.episode.ImageSet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Uploads over real HTTP into the embedded PostgreSQL (default blob store: the dataset_blob table). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.servlet.multipart.max-file-size=1MB", "spring.servlet.multipart.max-request-size=1MB",
        "metadiv.dataset.max-uncompressed-bytes=2000000", "metadiv.dataset.max-entries=500"})
@Import(DatasetUploadTests.References.class)
class DatasetUploadTests {

    /** Datasets the test reference SPI reports as used. */
    static final Set<UUID> IN_USE = ConcurrentHashMap.newKeySet();

    @TestConfiguration
    static class References {
        @Bean
        DatasetReferences experimentsStandIn() {
            return id -> IN_USE.contains(id) ? List.of("experiment 42 (RUNNING)") : List.of();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BlobStore blobs;

    @Autowired
    DatasetTensors tensors;

    DatasetApi api;

    @BeforeEach
    void client() {
        api = new DatasetApi(port);
    }

    private long rows(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    private long[] stored() throws Exception {
        return new long[] {rows("dataset"), rows("dataset_class"), blobs.count(), rows("dataset_blob")};
    }

    @Test
    void zipUploadAnswers201WithTheDatasetAndServesItsClassesPreviewAndTensors() throws Exception {
        Map<String, byte[]> entries = TestArchives.imageFolder("letters/greek/", 2, 3, 11);
        entries.putAll(TestArchives.imageFolder("letters/latin/", 1, 4, 12));

        HttpResponse<String> created = api.upload(new Multipart().field("name", "letters").field("imageSize", "20")
                .field("channels", "3").file("file", "letters.zip", TestArchives.zip(entries)));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = DatasetApi.json(created);
        String id = body.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/datasets/" + id);
        assertThat(body.get("name").asString()).isEqualTo("letters");
        assertThat(body.get("format").asString()).isEqualTo("ZIP_IMAGE_FOLDER");
        assertThat(body.get("classes").asInt()).isEqualTo(3);
        assertThat(body.get("images").asInt()).isEqualTo(10);
        assertThat(body.get("imageSize").asInt()).isEqualTo(20);
        assertThat(body.get("channels").asInt()).isEqualTo(3);
        assertThat(body.get("imagesPerClass").get("min").asInt()).isEqualTo(3);
        assertThat(body.get("imagesPerClass").get("median").asDouble()).isEqualTo(3.0);
        assertThat(body.get("imagesPerClass").get("max").asInt()).isEqualTo(4);
        assertThat(body.get("checksum").asString()).matches("[0-9a-f]{64}");
        assertThat(body.get("createdAt").asString()).isNotBlank();

        assertThat(DatasetApi.json(api.get("/" + id)).get("checksum")).isEqualTo(body.get("checksum"));
        JsonNode classes = DatasetApi.json(api.get("/" + id + "/classes"));
        assertThat(classes.size()).isEqualTo(3);
        assertThat(classes.get(2).get("name").asString()).isEqualTo("latin/class0");
        assertThat(classes.get(2).get("label").asInt()).isEqualTo(2);
        assertThat(classes.get(2).get("images").asInt()).isEqualTo(4);

        HttpResponse<byte[]> preview = api.getBytes("/" + id + "/preview.png?classes=2&perClass=3");
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage grid = ImageIO.read(new ByteArrayInputStream(preview.body()));
        assertThat(grid.getHeight()).isLessThan(grid.getWidth()); // 2 rows of 3 cells

        ImageSet images = tensors.load(UUID.fromString(id));
        assertThat(images.size()).isEqualTo(10);
        assertThat(images.channels()).isEqualTo(3);
        assertThat(images.height()).isEqualTo(20);
        assertThat(images.classNames()).containsExactly("greek/class0", "greek/class1", "latin/class0");
    }

    @Test
    void idxPairUploadAnswers201() throws Exception {
        int[] labels = TestArchives.roundRobin(30, 3);
        HttpResponse<String> created = api.upload("/idx", new Multipart().field("name", "digits")
                .file("images", "imgs.gz", TestArchives.idxImages(30, 28, 28, 5, true))
                .file("labels", "labels", TestArchives.idxLabels(labels, false)));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = DatasetApi.json(created);
        assertThat(body.get("format").asString()).isEqualTo("IDX");
        assertThat(body.get("classes").asInt()).isEqualTo(3);
        assertThat(body.get("images").asInt()).isEqualTo(30);
        assertThat(body.get("imageSize").asInt()).isEqualTo(28);
        assertThat(body.get("channels").asInt()).isEqualTo(1);
    }

    @Test
    void identicalContentAnswers200WithTheExistingDataset() throws Exception {
        byte[] zip = TestArchives.zip(TestArchives.imageFolder("", 2, 2, 21));
        HttpResponse<String> first = api.uploadZip("first", zip);
        long[] before = stored();
        HttpResponse<String> again = api.uploadZip("second name", zip);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(DatasetApi.json(again).get("id")).isEqualTo(DatasetApi.json(first).get("id"));
        assertThat(DatasetApi.json(again).get("name").asString()).isEqualTo("first");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void concurrentIdenticalUploadsCreateOneDataset() throws Exception {
        byte[] zip = TestArchives.zip(TestArchives.imageFolder("", 3, 3, 31));
        int uploads = 6;
        long[] before = stored();
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < uploads; i++) {
                responses.add(pool.submit(() -> {
                    start.await();
                    return new DatasetApi(port).uploadZip("race", zip);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (Future<HttpResponse<String>> response : responses) {
                statuses.add(response.get().statusCode());
                ids.add(DatasetApi.json(response.get()).get("id").asString());
            }
            assertThat(statuses).containsOnly(200, 201).containsOnlyOnce(201);
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        long[] after = stored();
        assertThat(after[0]).isEqualTo(before[0] + 1);
        assertThat(after[2]).isEqualTo(before[2] + 1);
    }

    static Stream<Arguments> badUploads() {
        byte[] images = TestArchives.idxImages(6, 28, 28, 1, false);
        byte[] labels = TestArchives.idxLabels(TestArchives.roundRobin(6, 2), false);
        return Stream.of(
                Arguments.of("zip-slip", "", zipWith("../evil/x.png", TestArchives.png(1)), 422, "unsafe path"),
                Arguments.of("absolute path", "", zipWith("/tmp/x/x.png", TestArchives.png(1)), 422, "unsafe path"),
                Arguments.of("backslash path", "", zipWith("a\\..\\..\\x.png", TestArchives.png(1)), 422, "unsafe path"),
                Arguments.of("zip bomb", "", zipWith("class0/zeros.png", new byte[3_000_000]), 422, "inflates to more"),
                Arguments.of("too many entries", "", manyEntries(), 422, "more than 500 entries"),
                Arguments.of("non-image entry", "", zipWith("class1/readme.png", "hi".getBytes()), 422,
                        "'class1/readme.png' is not a PNG"),
                Arguments.of("corrupt image", "", zipWith("class1/cut.png", Arrays.copyOf(TestArchives.png(3), 60)),
                        422, "'class1/cut.png' is a corrupt image"),
                Arguments.of("one class", "", zip(TestArchives.imageFolder("", 1, 4, 2)), 422, "at least 2"),
                Arguments.of("class with one image", "", zipWith("solo/x.png", TestArchives.png(4)), 422,
                        "Class 'solo' has 1 image"),
                Arguments.of("IDX counts differ", "/idx", new Multipart().field("name", "x").file("images", "i", images)
                        .file("labels", "l", TestArchives.idxLabels(TestArchives.roundRobin(5, 2), true)), 422,
                        "6 images but the labels part holds 5"),
                Arguments.of("not a ZIP", "", new Multipart().field("name", "x").file("file", "x.zip", "text".getBytes()),
                        415, "Not a ZIP archive"),
                Arguments.of("not IDX", "/idx", new Multipart().field("name", "x").file("images", "i", "text".getBytes())
                        .file("labels", "l", labels), 415, "not an IDX file"),
                Arguments.of("IDX parts sent with a ZIP", "", new Multipart().field("name", "x").file("file", "x.zip",
                        TestArchives.zip(TestArchives.imageFolder("", 2, 2, 1))).file("images", "i", images)
                        .file("labels", "l", labels), 400, "Unexpected file part 'images'"),
                Arguments.of("ZIP sent to the IDX upload", "/idx", new Multipart().field("name", "x").file("file",
                        "x.zip", TestArchives.zip(TestArchives.imageFolder("", 2, 2, 1))), 400,
                        "part 'images' is required"),
                Arguments.of("labels without images", "/idx", new Multipart().field("name", "x")
                        .file("labels", "l", labels), 400, "part 'images' is required"),
                Arguments.of("IDX pair sent to the ZIP upload", "", new Multipart().field("name", "x")
                        .file("images", "i", images).file("labels", "l", labels), 400, "part 'file' is required"),
                Arguments.of("image size out of range", "", new Multipart().field("name", "x").field("imageSize", "2")
                        .file("file", "x.zip", TestArchives.zip(TestArchives.imageFolder("", 2, 2, 1))), 400,
                        "imageSize must be greater than or equal to 4, got 2"),
                Arguments.of("two channels", "", new Multipart().field("name", "x").field("channels", "2")
                        .file("file", "x.zip", TestArchives.zip(TestArchives.imageFolder("", 2, 2, 1))), 400,
                        "channels must be 1"),
                Arguments.of("blank name", "", new Multipart().field("name", " ")
                        .file("file", "x.zip", TestArchives.zip(TestArchives.imageFolder("", 2, 2, 1))), 400, ""),
                Arguments.of("over the upload limit", "", new Multipart().field("name", "x")
                        .file("file", "x.zip", new byte[1_200_000]), 413, ""));
    }

    private static Multipart zip(Map<String, byte[]> entries) {
        return new Multipart().field("name", "bad").file("file", "bad.zip", TestArchives.zip(entries));
    }

    private static Multipart zipWith(String name, byte[] content) {
        Map<String, byte[]> entries = TestArchives.imageFolder("", 2, 2, 41);
        entries.put(name, content);
        return zip(entries);
    }

    private static Multipart manyEntries() {
        Map<String, byte[]> entries = TestArchives.imageFolder("", 2, 2, 42);
        for (int i = 0; i < 600; i++) {
            entries.put("empty" + i + "/", new byte[0]);
        }
        return zip(entries);
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("badUploads")
    void badUploadsAnswerProblemDetailAndStoreNothing(String what, String path, Multipart form, int status,
            String detail) throws Exception {
        long[] before = stored();

        HttpResponse<String> response = api.upload(path, form);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = DatasetApi.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).contains(detail);
        assertThat(problem.has("timestamp")).isTrue();
        if (status == 400) {
            assertThat(problem.get("field").asString()).as("400 names the field").isNotBlank();
        }
        if (detail.contains("'class1/")) {
            assertThat(problem.get("entry").asString()).startsWith("class1/");
        }
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void listPagesAndSortsByWhitelistedFields() throws Exception {
        for (int i = 0; i < 3; i++) {
            api.uploadZip("listed-" + i, TestArchives.zip(TestArchives.imageFolder("", 2, 2 + i, 50 + i)));
        }
        JsonNode page = DatasetApi.json(api.get("?size=2&page=0&sort=images,desc"));
        assertThat(page.get("size").asInt()).isEqualTo(2);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("content").size()).isEqualTo(2);
        assertThat(page.get("totalElements").asLong()).isEqualTo(rows("dataset"));
        assertThat(page.get("totalPages").asInt()).isEqualTo((int) ((rows("dataset") + 1) / 2));
        assertThat(page.get("content").get(0).get("images").asInt())
                .isGreaterThanOrEqualTo(page.get("content").get(1).get("images").asInt());

        HttpResponse<String> unknown = api.get("?sort=checksum");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(DatasetApi.json(unknown).get("detail").asString()).contains("sort must be one of [classes, "
                + "createdAt, images, name]");
        // Spring Data would clamp these silently; the contract says 1 to 200.
        for (String bad : List.of("size=0", "size=201", "page=-1", "sort=images,up", "size=ten")) {
            HttpResponse<String> refused = api.get("?" + bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(DatasetApi.json(refused).get("field").asString()).as(bad).isEqualTo(bad.split("=")[0]);
        }
    }

    @Test
    void deleteRemovesRowAndBlobUnlessReferenced() throws Exception {
        JsonNode dataset = DatasetApi.json(api.uploadZip("doomed", TestArchives.zip(TestArchives.imageFolder("", 2, 2, 61))));
        String id = dataset.get("id").asString();
        String checksum = dataset.get("checksum").asString();

        IN_USE.add(UUID.fromString(id));
        HttpResponse<String> refused = api.delete("/" + id);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(DatasetApi.json(refused).get("detail").asString()).contains("experiment 42 (RUNNING)");
        assertThat(blobs.exists(checksum)).isTrue();

        IN_USE.remove(UUID.fromString(id));
        assertThat(api.delete("/" + id).statusCode()).isEqualTo(204);
        assertThat(api.get("/" + id).statusCode()).isEqualTo(404);
        assertThat(api.get("/" + id + "/classes").statusCode()).isEqualTo(404);
        assertThat(api.delete("/" + id).statusCode()).isEqualTo(404);
        assertThat(blobs.exists(checksum)).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dataset_class WHERE dataset_id = ?::uuid", Long.class, id))
                .isZero();
    }

    @Autowired
    DatasetIngest ingest;

    @Test
    void aFailedInsertAfterTheBlobRollsBothBack() throws Exception {
        long[] before = stored();
        // 300 characters overflow name VARCHAR(200) after the blob row was inserted in the same transaction.
        ByteArrayResource zip = new ByteArrayResource(
                TestArchives.zip(TestArchives.imageFolder("", 2, 2, 91)));
        assertThatThrownBy(() -> ingest.ingestZip("n".repeat(300),
                IngestOptions.of(28, 1), zip, zip.contentLength()))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void openApiDescribesTheMultipartParts() throws Exception {
        HttpResponse<String> docs = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        Files.writeString(Path.of("target/dataset-api-docs.json"), docs.body());
        JsonNode paths = DatasetApi.json(docs).get("paths");
        // One operation per format, each with its file parts required, so generated clients can send either.
        JsonNode zip = paths.get("/api/v1/datasets").get("post");
        JsonNode idx = paths.get("/api/v1/datasets/idx").get("post");
        for (JsonNode upload : List.of(zip, idx)) {
            assertThat(upload.get("responses").has("422")).isTrue();
            assertThat(upload.get("responses").has("413")).isTrue();
            assertThat(upload.get("responses").get("201").get("headers").has("Location")).isTrue();
        }
        JsonNode zipSchema = zip.get("requestBody").get("content").get("multipart/form-data").get("schema");
        JsonNode idxSchema = idx.get("requestBody").get("content").get("multipart/form-data").get("schema");
        assertThat(zipSchema.get("properties").get("file").get("format").asString()).isEqualTo("binary");
        assertThat(zipSchema.get("required").toString()).contains("\"file\"").doesNotContain("images");
        assertThat(idxSchema.get("properties").get("images").get("format").asString()).isEqualTo("binary");
        assertThat(idxSchema.get("properties").get("labels").get("format").asString()).isEqualTo("binary");
        assertThat(idxSchema.get("required").toString()).contains("\"images\"", "\"labels\"");
    }

    @Test
    void unknownIdIs404ProblemDetail() throws Exception {
        HttpResponse<String> missing = api.get("/" + UUID.randomUUID());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(DatasetApi.json(missing).get("title").asString()).isEqualTo("Dataset not found");
        assertThat(api.getBytes("/" + UUID.randomUUID() + "/preview.png").statusCode()).isEqualTo(404);
    }
}
