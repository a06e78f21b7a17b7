package io.metadiv.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.MetadivApplication;
import io.metadiv.dataset.format.TestArchives;
import io.metadiv.episode.ImageSet;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Data survives a restart of the application on the same embedded PostgreSQL data directory. */
class DatasetRestartTests {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // Command-line arguments outrank the per-test random data directory in config/application.properties.
        return new SpringApplicationBuilder(MetadivApplication.class)
                .run("--metadiv.embedded-postgres.data-dir=" + dataDir, "--server.port=0");
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void uploadedDatasetIsThereAfterARestart() throws Exception {
        byte[] zip = TestArchives.zip(TestArchives.imageFolder("", 2, 3, 71));
        JsonNode created;
        try (ConfigurableApplicationContext app = start()) {
            created = DatasetApi.json(new DatasetApi(port(app)).uploadZip("kept", zip));
        }
        try (ConfigurableApplicationContext app = start()) {
            DatasetApi api = new DatasetApi(port(app));
            String id = created.get("id").asString();
            JsonNode again = DatasetApi.json(api.get("/" + id));
            assertThat(again.get("name").asString()).isEqualTo("kept");
            assertThat(again.get("checksum")).isEqualTo(created.get("checksum"));
            ImageSet images = app.getBean(DatasetTensors.class).load(UUID.fromString(id));
            assertThat(images.size()).isEqualTo(6);
            assertThat(api.uploadZip("kept again", zip).statusCode()).isEqualTo(200);
        }
    }
}
