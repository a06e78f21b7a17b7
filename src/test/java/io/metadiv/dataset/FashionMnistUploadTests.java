package io.metadiv.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.metadiv.episode.ImageSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A real IDX source: Debian's dataset-fashion-mnist package (the 10,000-image test split). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FashionMnistUploadTests {

    private static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    private static final Path IMAGES = DIR.resolve("t10k-images-idx3-ubyte.gz");
    private static final Path LABELS = DIR.resolve("t10k-labels-idx1-ubyte.gz");

    @LocalServerPort
    int port;

    @Autowired
    DatasetTensors tensors;

    @Test
    void fashionMnistTestSplitUploadsAsTenClassesOfAThousand() throws Exception {
        assumeTrue(Files.exists(IMAGES) && Files.exists(LABELS),
                "Fashion-MNIST not installed at " + DIR + " (apt-get install dataset-fashion-mnist)");

        HttpResponse<String> created = new DatasetApi(port).upload("/idx", new Multipart().field("name", "fashion-mnist t10k")
                .file("images", "t10k-images-idx3-ubyte.gz", Files.readAllBytes(IMAGES))
                .file("labels", "t10k-labels-idx1-ubyte.gz", Files.readAllBytes(LABELS)));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = DatasetApi.json(created);
        assertThat(body.get("classes").asInt()).isEqualTo(10);
        assertThat(body.get("images").asInt()).isEqualTo(10_000);
        assertThat(body.get("imagesPerClass").get("min").asInt()).isEqualTo(1_000);
        assertThat(body.get("imagesPerClass").get("max").asInt()).isEqualTo(1_000);

        // At the native 28×28 the stored tensors are the IDX bytes themselves.
        ImageSet images = tensors.load(UUID.fromString(body.get("id").asString()));
        byte[] raw = gunzip(IMAGES);
        assertThat(images.pixels()).hasSize(10_000 * 28 * 28);
        assertThat(Arrays.equals(images.pixels(), Arrays.copyOfRange(raw, 16, raw.length))).isTrue();
        assertThat(images.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        byte[] labels = gunzip(LABELS);
        for (int i = 0; i < 100; i++) {
            assertThat(images.labels()[i]).isEqualTo(labels[8 + i]);
        }
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
