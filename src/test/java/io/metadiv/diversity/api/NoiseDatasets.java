package io.metadiv.diversity.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.dataset.Multipart;
import io.metadiv.dataset.format.TestArchives;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import tools.jackson.databind.json.JsonMapper;

/** Uploads small generated datasets (6 classes of 5 noise images) for the diversity tests, over real HTTP. */
public final class NoiseDatasets {

    /** A diversity request that finishes in about a second: 3 tasks of 2-way 2-shot on a Conv4-8 probe. */
    public static final String TINY_REQUEST = """
            {"tasks": 3, "ways": 2, "shots": 2, "queries": 2, "seed": 1, "headSteps": 10,
             "probe": {"kind": "RANDOM_CONV4", "seed": 3, "hidden": 8}}""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NoiseDatasets() {
    }

    /** Uploads one (201 expected) and returns its id. */
    public static String upload(HttpClient http, String datasetsUrl, long seed) throws Exception {
        byte[] zip = TestArchives.zip(TestArchives.imageFolder("noise/", 6, 5, seed));
        HttpResponse<String> created = http.send(new Multipart().field("name", "noise-" + seed)
                .file("file", "noise.zip", zip).post(URI.create(datasetsUrl)), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asString();
    }
}
