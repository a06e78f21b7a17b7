package io.metadiv.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.dataset.format.TestArchives;
import io.metadiv.db.Sha256;
import io.metadiv.episode.ImageSet;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Versions over real HTTP: the parent's pixels kept byte for byte, new images decoded, lineage, refusals. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatasetVersionTests {

    @LocalServerPort
    int port;

    @Autowired
    DatasetTensors tensors;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aZipVersionAppendsImagesAndAClassKeepingTheParentsPixelsAndItsLineage() throws Exception {
        DatasetApi api = new DatasetApi(port);
        String parent = DatasetApi.json(api.uploadZip("letters", TestArchives.zip(TestArchives.imageFolder("", 3, 4,
                91)))).get("id").asString();

        Map<String, byte[]> added = new LinkedHashMap<>();
        added.put("class1/new0.png", TestArchives.png(9_100));
        added.put("class1/new1.png", TestArchives.png(9_101));
        added.putAll(TestArchives.imageFolder("extra/", 1, 3, 92)); // class "extra/class0", new
        HttpResponse<String> created = api.upload("/" + parent + "/versions", new Multipart()
                .file("file", "more.zip", TestArchives.zip(added)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode child = DatasetApi.json(created);
        String childId = child.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/datasets/" + childId);
        assertThat(child.get("name").asString()).isEqualTo("letters v2");
        assertThat(child.get("format").asString()).isEqualTo("VERSION");
        assertThat(child.get("parentId").asString()).isEqualTo(parent);
        assertThat(child.get("selection").isNull()).isTrue();
        assertThat(child.get("version").get("addedImages").asInt()).isEqualTo(5);
        assertThat(child.get("version").get("addedClasses").valueStream().map(JsonNode::asString))
                .containsExactly("extra/class0");
        assertThat(child.get("version").get("extendedClasses").valueStream().map(JsonNode::asString))
                .containsExactly("class1");
        assertThat(child.get("classes").asInt()).isEqualTo(4);
        assertThat(child.get("images").asInt()).isEqualTo(17);
        assertThat(child.get("imageSize").asInt()).isEqualTo(28);

        ImageSet p = tensors.load(UUID.fromString(parent));
        ImageSet c = tensors.load(UUID.fromString(childId));
        // The parent's tensors are the version's first images, byte for byte and label for label.
        assertThat(Sha256.hex(Arrays.copyOf(c.pixels(), p.pixels().length))).isEqualTo(Sha256.hex(p.pixels()));
        assertThat(Arrays.copyOf(c.labels(), p.size())).isEqualTo(p.labels());
        assertThat(c.classNames()).containsExactly("class0", "class1", "class2", "extra/class0");
        for (int label = 0; label < p.numClasses(); label++) {
            assertThat(imageChecksums(c, label)).as("class %d keeps every image", label)
                    .containsAll(imageChecksums(p, label));
        }
        assertThat(imageChecksums(c, 1)).hasSize(6);
        assertThat(imageChecksums(c, 0)).isEqualTo(imageChecksums(p, 0));
        assertThat(imageChecksums(c, 3)).hasSize(3);

        // The same version again is the same content: the same dataset.
        HttpResponse<String> again = api.upload("/" + parent + "/versions?name=ignored", new Multipart()
                .file("file", "more.zip", TestArchives.zip(added)));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(DatasetApi.json(again).get("id").asString()).isEqualTo(childId);

        // A version of the version, named: the lineage reads both ways and says what each version added.
        Map<String, byte[]> more = TestArchives.imageFolder("", 1, 2, 93); // class0 again
        JsonNode third = DatasetApi.json(api.upload("/" + childId + "/versions", new Multipart()
                .field("name", "letters, more zeros").file("file", "zeros.zip", TestArchives.zip(more))));
        String thirdId = third.get("id").asString();
        assertThat(third.get("version").get("extendedClasses").valueStream().map(JsonNode::asString))
                .containsExactly("class0");
        assertThat(third.get("version").get("addedClasses")).isEmpty();
        JsonNode lineage = DatasetApi.json(api.get("/" + thirdId + "/lineage"));
        assertThat(lineage.get("ancestors").valueStream().map(d -> d.get("id").asString()))
                .containsExactly(childId, parent);
        assertThat(lineage.get("ancestors").get(0).get("version").get("addedClasses").get(0).asString())
                .isEqualTo("extra/class0");
        assertThat(lineage.get("ancestors").get(1).get("format").asString()).isEqualTo("ZIP_IMAGE_FOLDER");
        assertThat(DatasetApi.json(api.get("/" + parent + "/lineage")).get("descendants").valueStream()
                .map(d -> d.get("id").asString())).containsExactly(childId, thirdId);
        assertThat(DatasetApi.json(api.upload("/" + childId + "/versions", new Multipart().file("file", "z.zip",
                TestArchives.zip(TestArchives.imageFolder("", 1, 2, 94))))).get("name").asString())
                .as("the default name counts the versions").isEqualTo("letters v3");

        HttpResponse<String> refused = api.delete("/" + parent);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("version dataset " + childId);
        assertThat(api.get("/" + parent).statusCode()).isEqualTo(200);
    }

    @Test
    void anIdxVersionResizesToTheParentsShape() throws Exception {
        DatasetApi api = new DatasetApi(port);
        int[] labels = TestArchives.roundRobin(12, 3);
        String parent = DatasetApi.json(api.upload("/idx", new Multipart().field("name", "digits")
                .file("images", "i.gz", TestArchives.idxImages(12, 28, 28, 95, true))
                .file("labels", "l.gz", TestArchives.idxLabels(labels, true)))).get("id").asString();

        HttpResponse<String> created = api.upload("/" + parent + "/versions?imageSize=28&channels=1", new Multipart()
                .file("images", "i", TestArchives.idxImages(4, 20, 20, 96, false))
                .file("labels", "l", TestArchives.idxLabels(new int[] {1, 7, 1, 7}, false)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode version = DatasetApi.json(created).get("version");
        assertThat(version.get("extendedClasses").valueStream().map(JsonNode::asString)).containsExactly("1");
        assertThat(version.get("addedClasses").valueStream().map(JsonNode::asString)).containsExactly("7");
        ImageSet p = tensors.load(UUID.fromString(parent));
        ImageSet c = tensors.load(UUID.fromString(DatasetApi.json(created).get("id").asString()));
        assertThat(c.height()).isEqualTo(28);
        assertThat(Arrays.copyOf(c.pixels(), p.pixels().length)).isEqualTo(p.pixels());
        assertThat(c.classNames()).containsExactly("0", "1", "2", "7");
    }

    @Test
    void refusedVersionsNameTheFieldAndStoreNothing() throws Exception {
        DatasetApi api = new DatasetApi(port);
        String parent = DatasetApi.json(api.uploadZip("shapes", TestArchives.zip(TestArchives.imageFolder("", 2, 3,
                97)))).get("id").asString();
        byte[] zip = TestArchives.zip(TestArchives.imageFolder("", 1, 2, 98));
        long before = datasets();

        HttpResponse<String> size = api.upload("/" + parent + "/versions?imageSize=32", new Multipart()
                .file("file", "v.zip", zip));
        assertThat(size.statusCode()).isEqualTo(400);
        assertThat(DatasetApi.json(size).get("field").asString()).isEqualTo("imageSize");
        assertThat(DatasetApi.json(size).get("detail").asString()).contains("parent's 28", "got 32");
        HttpResponse<String> channels = api.upload("/" + parent + "/versions", new Multipart().field("channels", "3")
                .file("file", "v.zip", zip));
        assertThat(channels.statusCode()).isEqualTo(400);
        assertThat(DatasetApi.json(channels).get("field").asString()).isEqualTo("channels");
        assertThat(DatasetApi.json(channels).get("detail").asString()).contains("parent's 1", "got 3");
        JsonNode both = DatasetApi.json(api.upload("/" + parent + "/versions?imageSize=64&channels=3",
                new Multipart().file("file", "v.zip", zip)));
        assertThat(both.get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactly("imageSize", "channels");

        List<Object[]> parts = List.of(
                new Object[] {new Multipart().field("name", "no file"), "file"},
                new Object[] {new Multipart().file("file", "v.zip", zip).file("labels", "l", new byte[8]), "file"},
                new Object[] {new Multipart().file("images", "i", TestArchives.idxImages(2, 28, 28, 1, false)),
                    "labels"},
                new Object[] {new Multipart().file("file", "v.zip", zip).file("extra", "x", new byte[1]), "extra"});
        for (Object[] bad : parts) {
            HttpResponse<String> answer = api.upload("/" + parent + "/versions", (Multipart) bad[0]);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(DatasetApi.json(answer).get("field").asString()).isEqualTo(bad[1]);
        }
        Map<String, byte[]> lonely = new LinkedHashMap<>(TestArchives.imageFolder("", 1, 2, 98));
        lonely.put("newclass/only.png", TestArchives.png(99));
        HttpResponse<String> oneImage = api.upload("/" + parent + "/versions", new Multipart()
                .file("file", "v.zip", TestArchives.zip(lonely)));
        assertThat(oneImage.statusCode()).as(oneImage.body()).isEqualTo(422);
        assertThat(DatasetApi.json(oneImage).get("entry").asString()).isEqualTo("newclass");
        assertThat(api.upload("/" + parent + "/versions", new Multipart().file("file", "v.zip", "not a zip"
                .getBytes())).statusCode()).isEqualTo(415);
        assertThat(api.upload("/" + UUID.randomUUID() + "/versions", new Multipart().file("file", "v.zip", zip))
                .statusCode()).isEqualTo(404);
        assertThat(datasets()).as("nothing stored on a refused version").isEqualTo(before);
    }

    private long datasets() {
        return jdbc.queryForObject("SELECT count(*) FROM dataset", Long.class);
    }

    private static Set<String> imageChecksums(ImageSet images, int label) {
        Set<String> sums = new HashSet<>();
        int bytes = images.imageBytes();
        for (int i = 0; i < images.size(); i++) {
            if (images.labels()[i] == label) {
                sums.add(Sha256.hex(Arrays.copyOfRange(images.pixels(), i * bytes, (i + 1) * bytes)));
            }
        }
        return sums;
    }
}
