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
import tools.jackson.databind.JsonNode;

/** Subsets over real HTTP: pixels sliced from the parent, lineage recorded, a parent with children kept. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatasetSubsetTests {

    @LocalServerPort
    int port;

    @Autowired
    DatasetTensors tensors;

    @Test
    void aSubsetKeepsTheParentsPixelsRecordsItsLineageAndKeepsItsParentFromDeletion() throws Exception {
        DatasetApi api = new DatasetApi(port);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.putAll(TestArchives.imageFolder("greek/", 2, 4, 81));
        entries.putAll(TestArchives.imageFolder("latin/", 3, 5, 82));
        String parent = DatasetApi.json(api.uploadZip("alphabets", TestArchives.zip(entries))).get("id").asString();

        HttpResponse<String> created = api.postJson("/" + parent + "/subsets", """
                {"name": "latin, 2 each", "selection": {"prefix": "latin/", "imagesPerClass": 2, "seed": 1}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode child = DatasetApi.json(created);
        String childId = child.get("id").asString();
        assertThat(child.get("format").asString()).isEqualTo("SUBSET");
        assertThat(child.get("classes").asInt()).isEqualTo(3);
        assertThat(child.get("images").asInt()).isEqualTo(6);
        assertThat(child.get("parentId").asString()).isEqualTo(parent);
        assertThat(child.get("selection").get("prefix").asString()).isEqualTo("latin/");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/datasets/" + childId);

        // Every image of the child is byte for byte an image of the same class in the parent.
        ImageSet p = tensors.load(UUID.fromString(parent));
        ImageSet c = tensors.load(UUID.fromString(childId));
        assertThat(c.classNames()).containsExactly("latin/class0", "latin/class1", "latin/class2");
        for (int i = 0; i < c.size(); i++) {
            String className = c.classNames().get(c.labels()[i]);
            assertThat(imageChecksums(p, p.classNames().indexOf(className))).contains(checksum(c, i));
        }
        assertThat(new HashSet<>(imageChecksumsOfAll(c))).hasSize(6);

        // The same selection again is the same content: the same dataset.
        HttpResponse<String> again = api.postJson("/" + parent + "/subsets", """
                {"selection": {"prefix": "latin/", "imagesPerClass": 2, "seed": 1}}""");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(DatasetApi.json(again).get("id").asString()).isEqualTo(childId);
        JsonNode random = DatasetApi.json(api.postJson("/" + parent + "/subsets",
                "{\"selection\": {\"randomClasses\": 2, \"seed\": 3}}"));
        assertThat(random.get("classes").asInt()).isEqualTo(2);

        for (String[] bad : List.of(new String[] {"{\"selection\": {\"classes\": [\"greek/class0\", \"nope\"]}}",
                "classes[1]"}, new String[] {"{\"selection\": {\"randomClasses\": 9}}", "randomClasses"},
                new String[] {"{\"selection\": {\"imagesPerClass\": 1}}", "imagesPerClass"},
                new String[] {"{\"selection\": {\"prefix\": \"cyrillic/\"}}", "prefix"})) {
            HttpResponse<String> refused = api.postJson("/" + parent + "/subsets", bad[0]);
            assertThat(refused.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(DatasetApi.json(refused).get("field").asString()).isEqualTo(bad[1]);
        }
        assertThat(api.postJson("/" + UUID.randomUUID() + "/subsets", "{}").statusCode()).isEqualTo(404);

        // A subset of the subset: the lineage reads both ways.
        String grandchild = DatasetApi.json(api.postJson("/" + childId + "/subsets",
                "{\"selection\": {\"classes\": [\"latin/class0\", \"latin/class2\"]}}")).get("id").asString();
        JsonNode fromChild = DatasetApi.json(api.get("/" + childId + "/lineage"));
        assertThat(fromChild.get("ancestors").valueStream().map(d -> d.get("id").asString())).containsExactly(parent);
        assertThat(fromChild.get("descendants").valueStream().map(d -> d.get("id").asString()))
                .containsExactly(grandchild);
        JsonNode fromRoot = DatasetApi.json(api.get("/" + parent + "/lineage"));
        assertThat(fromRoot.get("ancestors")).isEmpty();
        assertThat(fromRoot.get("descendants").valueStream().map(d -> d.get("id").asString()))
                .as("nearest first").containsExactlyInAnyOrder(childId, random.get("id").asString(), grandchild)
                .last().isEqualTo(grandchild);
        assertThat(api.get("/" + UUID.randomUUID() + "/lineage").statusCode()).isEqualTo(404);
        assertThat(api.delete("/" + grandchild).statusCode()).isEqualTo(204);

        HttpResponse<String> refused = api.delete("/" + parent);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("subset dataset " + childId);
        assertThat(api.delete("/" + childId).statusCode()).isEqualTo(204);
        assertThat(api.delete("/" + random.get("id").asString()).statusCode()).isEqualTo(204);
        assertThat(api.delete("/" + parent).statusCode()).isEqualTo(204);
    }

    private static String checksum(ImageSet images, int i) {
        int bytes = images.imageBytes();
        return Sha256.hex(Arrays.copyOfRange(images.pixels(), i * bytes, (i + 1) * bytes));
    }

    private static Set<String> imageChecksums(ImageSet images, int label) {
        Set<String> sums = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            if (images.labels()[i] == label) {
                sums.add(checksum(images, i));
            }
        }
        return sums;
    }

    private static List<String> imageChecksumsOfAll(ImageSet images) {
        return java.util.stream.IntStream.range(0, images.size()).mapToObj(i -> checksum(images, i)).toList();
    }
}
