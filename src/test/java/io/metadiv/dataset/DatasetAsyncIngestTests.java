package io.metadiv.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.dataset.format.TestArchives;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Large-upload paths over real HTTP, with the real worker of the default (api,worker) context: ingest as an INGEST
 * job ({@code Prefer: respond-async}), its refusals, and re-uploads of known bytes that decode nothing (the
 * {@value DatasetIngest#DECODED} counter).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatasetAsyncIngestTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BlobStore blobs;

    @Autowired
    MeterRegistry meters;

    DatasetApi api;

    @BeforeEach
    void client() {
        api = new DatasetApi(port);
    }

    /** 3 classes of 4 seeded PNGs: 12 entries. */
    private static byte[] zip(long seed) {
        return TestArchives.zip(TestArchives.imageFolder("", 3, 4, seed));
    }

    private HttpResponse<String> uploadAsync(String name, byte[] zip) throws Exception {
        HttpRequest form = new Multipart().field("name", name).file("file", name + ".zip", zip).post(api.uri(""));
        return HTTP.send(HttpRequest.newBuilder(form, (header, value) -> true).header("Prefer", "respond-async")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitJob(String location) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + location)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode job = DatasetApi.json(HTTP.send(get, HttpResponse.BodyHandlers.ofString()));
        while (job.get("status").asString().matches("QUEUED|RUNNING|CANCELLING") && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            job = DatasetApi.json(HTTP.send(get, HttpResponse.BodyHandlers.ofString()));
        }
        return job;
    }

    private double decoded() {
        return meters.get(DatasetIngest.DECODED).counter().count();
    }

    private long rows(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void asyncZipIsIngestedByAJobWithProgressIntoTheDatasetASynchronousUploadMakes() throws Exception {
        byte[] zip = zip(9101);
        HttpResponse<String> sync = api.uploadZip("sync", zip);
        assertThat(sync.statusCode()).as(sync.body()).isEqualTo(201);
        String syncChecksum = DatasetApi.json(sync).get("checksum").asString();
        // Deleting it forgets the upload too, so the job below must decode the ZIP itself.
        assertThat(api.delete("/" + DatasetApi.json(sync).get("id").asString()).statusCode()).isEqualTo(204);
        double before = decoded();

        HttpResponse<String> accepted = uploadAsync("async", zip);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = DatasetApi.json(accepted).get("jobId").asString();
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/v1/jobs/" + jobId);
        assertThat(accepted.headers().firstValue("Preference-Applied")).hasValue("respond-async");

        JsonNode job = awaitJob(location);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("kind").asString()).isEqualTo("INGEST");
        assertThat(job.get("progress").get("step").asInt()).as("entries read").isEqualTo(12);
        assertThat(job.get("progress").get("of").asInt()).as("entries listed").isEqualTo(12);
        JsonNode dataset = DatasetApi.json(api.get("/" + job.get("resultId").asString()));
        assertThat(dataset.get("name").asString()).isEqualTo("async");
        assertThat(dataset.get("checksum").asString()).isEqualTo(syncChecksum);
        assertThat(dataset.get("images").asInt()).isEqualTo(12);
        assertThat(decoded() - before).isEqualTo(12);
        assertThat(rows("SELECT count(*) FROM upload_chunk WHERE ingest_id = ?::uuid",
                DatasetApi.json(accepted).get("ingestId").asString())).as("raw upload removed").isZero();
    }

    @Test
    void refusedContentFailsTheJobWithTheSynchronousReasonStoresNothingAndRemovesTheUpload() throws Exception {
        byte[] oneClass = TestArchives.zip(TestArchives.imageFolder("", 1, 3, 9201));
        byte[] notZip = "not a zip".getBytes(StandardCharsets.US_ASCII);
        for (Map.Entry<byte[], String> refused : Map.of(oneClass, "InvalidDataset", notZip,
                "UnsupportedDatasetContent").entrySet()) {
            HttpResponse<String> sync = api.uploadZip("bad", refused.getKey());
            assertThat(sync.statusCode()).isIn(415, 422);
            long datasets = rows("SELECT count(*) FROM dataset");
            long storedBlobs = blobs.count();

            HttpResponse<String> accepted = uploadAsync("bad", refused.getKey());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode job = awaitJob(accepted.headers().firstValue("Location").orElseThrow());

            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
            assertThat(job.get("attempts").asInt()).as("a permanent failure").isEqualTo(1);
            assertThat(job.get("error").get("type").asString()).isEqualTo(refused.getValue());
            assertThat(job.get("error").get("message").asString())
                    .isEqualTo(DatasetApi.json(sync).get("detail").asString());
            assertThat(rows("SELECT count(*) FROM dataset")).isEqualTo(datasets);
            assertThat(blobs.count()).isEqualTo(storedBlobs);
            assertThat(rows("SELECT count(*) FROM upload_chunk WHERE ingest_id = ?::uuid",
                    DatasetApi.json(accepted).get("ingestId").asString())).as("raw upload removed").isZero();
        }
    }

    @Test
    void anIngestJobThatEndsWithoutADatasetLeavesNoRawUploadBehind() {
        // Rows as an accepted upload leaves them, with the job never run (this test's own ids, no scheduled task):
        // whether it is cancelled or fails after its last attempt, its raw parts go with the status change.
        for (String ended : List.of("CANCELLED", "FAILED")) {
            UUID ingest = UUID.randomUUID();
            UUID job = UUID.randomUUID();
            jdbc.update("""
                    INSERT INTO dataset_ingest (id, name, format, image_size, channels, upload_key, description,
                                                upload_bytes) VALUES (?, 'orphan', 'ZIP_IMAGE_FOLDER', 28, 1, ?, 'test', 3)
                    """, ingest, "0".repeat(64));
            jdbc.update("INSERT INTO upload_chunk (ingest_id, part, seq, data) VALUES (?, 'file', 0, ?), "
                    + "(?, 'file', 1, ?)", ingest, new byte[] {1, 2}, ingest, new byte[] {3});
            jdbc.update("INSERT INTO job (id, kind, subject_id, status, priority, max_attempts, created_at) "
                    + "VALUES (?, 'INGEST', ?, 'RUNNING', 20, 3, now())", job, ingest);
            jdbc.update("UPDATE job SET progress_done = 1 WHERE id = ?", job);
            assertThat(rows("SELECT count(*) FROM upload_chunk WHERE ingest_id = ?", ingest))
                    .as("kept while the job may still read them").isEqualTo(2);
            jdbc.update("UPDATE job SET status = ?, finished_at = now() WHERE id = ?", ended, job);
            assertThat(rows("SELECT count(*) FROM upload_chunk WHERE ingest_id = ?", ingest)).as(ended).isZero();
            jdbc.update("DELETE FROM job WHERE id = ?", job);
            jdbc.update("DELETE FROM dataset_ingest WHERE id = ?", ingest);
        }
    }

    @Test
    void reUploadOfKnownBytesAnswersTheDatasetWithoutDecoding() throws Exception {
        byte[] zip = zip(9301);
        HttpResponse<String> first = api.uploadZip("first", zip);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String id = DatasetApi.json(first).get("id").asString();
        double after = decoded();

        HttpResponse<String> again = api.uploadZip("again", zip);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(DatasetApi.json(again).get("id").asString()).isEqualTo(id);
        HttpResponse<String> againAsync = uploadAsync("again", zip);
        assertThat(againAsync.statusCode()).as("known bytes need no job").isEqualTo(200);
        assertThat(DatasetApi.json(againAsync).get("id").asString()).isEqualTo(id);
        assertThat(decoded()).as("nothing decoded").isEqualTo(after);

        HttpResponse<String> larger = api.upload(new Multipart().field("name", "larger").field("imageSize", "32")
                .file("file", "z.zip", zip));
        assertThat(larger.statusCode()).as("other options decode again").isEqualTo(201);
        assertThat(decoded() - after).isEqualTo(12);

        byte[] idxImages = TestArchives.idxImages(6, 10, 10, 9302, true);
        byte[] idxLabels = TestArchives.idxLabels(TestArchives.roundRobin(6, 2), false);
        Multipart idx = new Multipart().field("name", "idx").file("images", "i.gz", idxImages)
                .file("labels", "l", idxLabels);
        assertThat(api.upload("/idx", idx).statusCode()).isEqualTo(201);
        double afterIdx = decoded();
        assertThat(api.upload("/idx", idx).statusCode()).isEqualTo(200);
        assertThat(decoded()).isEqualTo(afterIdx);

        Multipart addition = new Multipart().file("file", "more.zip", TestArchives.zip(TestArchives.imageFolder("",
                1, 2, 9303)));
        HttpResponse<String> version = api.upload("/" + id + "/versions", addition);
        assertThat(version.statusCode()).as(version.body()).isEqualTo(201);
        double afterVersion = decoded();
        HttpResponse<String> versionAgain = api.upload("/" + id + "/versions", addition);
        assertThat(versionAgain.statusCode()).isEqualTo(200);
        assertThat(DatasetApi.json(versionAgain).get("id")).isEqualTo(DatasetApi.json(version).get("id"));
        assertThat(decoded()).isEqualTo(afterVersion);
    }
}
