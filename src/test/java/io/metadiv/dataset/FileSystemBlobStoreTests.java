package io.metadiv.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metadiv.dataset.format.IngestOptions;
import io.metadiv.dataset.format.TestArchives;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The filesystem blob store: blobs are files, a failed transaction removes the file it wrote, delete removes it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "metadiv.blob-store=filesystem", "metadiv.blob-store.dir=target/test-blobs/${random.uuid}"})
class FileSystemBlobStoreTests {

    @LocalServerPort
    int port;

    @Autowired
    BlobStore blobs;

    @Autowired
    DatasetIngest ingest;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void uploadWritesAFileAndDeleteRemovesIt() throws Exception {
        assertThat(blobs).isInstanceOf(FileSystemBlobStore.class);
        DatasetApi api = new DatasetApi(port);
        long before = blobs.count();

        HttpResponse<String> created = api.uploadZip("on disk", TestArchives.zip(TestArchives.imageFolder("", 2, 2, 81)));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = DatasetApi.json(created);
        assertThat(blobs.exists(body.get("checksum").asString())).isTrue();
        assertThat(blobs.count()).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dataset_blob", Long.class)).isZero();

        assertThat(api.delete("/" + body.get("id").asString()).statusCode()).isEqualTo(204);
        assertThat(blobs.exists(body.get("checksum").asString())).isFalse();
        assertThat(blobs.count()).isEqualTo(before);
    }

    @Test
    void aFailedInsertLeavesNoRowAndNoFile() throws Exception {
        long before = blobs.count();
        long rows = jdbc.queryForObject("SELECT count(*) FROM dataset", Long.class);
        // 300 characters overflow name VARCHAR(200) after the blob was put: the transaction must undo the file.
        String tooLong = "n".repeat(300);
        ByteArrayResource zip = new ByteArrayResource(TestArchives.zip(TestArchives.imageFolder("", 2, 2, 82)));

        assertThatThrownBy(() -> ingest.ingestZip(tooLong, IngestOptions.of(28, 1), zip, zip.contentLength()))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(blobs.count()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dataset", Long.class)).isEqualTo(rows);
    }
}
