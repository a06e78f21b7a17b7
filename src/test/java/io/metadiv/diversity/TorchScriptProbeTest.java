package io.metadiv.diversity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.metadiv.nn.GradMode;
import java.io.ByteArrayInputStream;
import io.metadiv.nn.TorchRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TorchScript probe against PyTorch itself: {@code tools/make_probe_fixtures.py} wrote a small CNN (two convs
 * with batch norm whose running statistics are not (0, 1), a linear layer) and the Task2Vec embedding PyTorch gives
 * for a deterministic task, computed the reference's way (per example, per label; head fitted in float64 as ours).
 */
class TorchScriptProbeTest {

    private static JsonNode expected;

    @BeforeAll
    static void engine() {
        TorchRuntime.configure(2);
        expected = JsonMapper.builder().build().readTree(new String(resource("small_cnn_expected.json")));
    }

    static byte[] resource(String name) {
        try (InputStream in = TorchScriptProbeTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The task of the fixture script: x[i, 0, h, w] = 0.5 + 0.5 sin(0.37 (i mod N + 1) h + 0.11 (i + 1) w). */
    static NDArray taskImages(NDManager m, int n, int ways, int size) {
        float[] x = new float[n * size * size];
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < size; h++) {
                for (int w = 0; w < size; w++) {
                    x[(i * size + h) * size + w] = (float) (0.5 + 0.5 * Math.sin(0.37 * (i % ways + 1) * h
                            + 0.11 * (i + 1) * w));
                }
            }
        }
        return m.create(x, new Shape(n, 1, size, size));
    }

    private static float[] floats(String field) {
        JsonNode array = expected.get(field);
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    @Test
    void embeddingAgreesWithPyTorch() {
        int n = expected.get("n").asInt();
        int ways = expected.get("ways").asInt();
        int size = expected.get("size").asInt();
        try (NDManager m = NDManager.newBaseManager(TorchRuntime.ENGINE);
                TorchScriptProbe probe = TorchScriptProbe.load(resource("small_cnn.pt"), "small-cnn", m)) {
            assertEquals(List.of("conv1.weight", "conv2.weight"),
                    probe.convWeights().stream().map(TorchScriptProbe.ConvWeight::name).toList());
            assertEquals(14, probe.dimension());
            assertEquals(10, probe.check(1, size));
            NDArray x = taskImages(m, n, ways, size);
            float[] firstFeatures;
            try (GradMode off = GradMode.disabled()) {
                firstFeatures = probe.features(x).get(0).toFloatArray();
            }
            // eval mode: the model's running BN statistics, as PyTorch's model.eval()
            assertArrayEquals(floats("features0"), firstFeatures, 1e-5f);

            long[] labels = new long[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % ways;
            }
            Task2Vec.Config config = new Task2Vec.Config(expected.get("headSteps").asInt(),
                    expected.get("headLearningRate").asDouble(), Task2Vec.Config.EXACT_FISHER);
            TaskEmbedder embedder = probe.embedder(config);
            float[] ours = embedder.embed(x, m.create(labels), ways, 0);
            float[] want = floats("embedding");
            assertEquals(want.length, ours.length);
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], ours[k], 1e-4 * Math.abs(want[k]) + 1e-8,
                        "filter " + k + ": ours " + ours[k] + " vs PyTorch " + want[k]);
            }
            assertArrayEquals(ours, embedder.embed(x, m.create(labels), ways, 0), 0f, "deterministic");
            float[] monteCarlo = probe.embedder(new Task2Vec.Config(config.headSteps(), config.headLearningRate(), 1))
                    .embed(x, m.create(labels), ways, 3);
            assertTrue(TaskDistance.between(ours, monteCarlo) > 0, "a Monte-Carlo draw differs from the exact");
            assertTrue(probe.description().contains("small-cnn"), probe.description());
        }
    }

    @Test
    void refusesWhatCannotBeAProbe() {
        try (NDManager m = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            IllegalArgumentException noConv = assertThrows(IllegalArgumentException.class,
                    () -> TorchScriptProbe.load(resource("linear_only.pt"), "linear", m));
            assertTrue(noConv.getMessage().contains("no convolution weight"), noConv.getMessage());
            IllegalArgumentException garbage = assertThrows(UnsafeModelException.class,
                    () -> TorchScriptProbe.load("not a model".getBytes(), "junk", m));
            assertTrue(garbage.getMessage().contains("does not end with a ZIP end record"), garbage.getMessage());
            byte[] small = resource("small_cnn.pt");
            byte[] data = Arrays.copyOf(small, small.length);
            // an archive the inspector passes but libtorch cannot load: a weight's record is renamed (in the directory)
            int at = lastIndexOf(data, "small_cnn/data/0".getBytes());
            data[at + "small_cnn/data/".length()] = 'x';
            IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
                    () -> TorchScriptProbe.load(data, "broken", m));
            assertTrue(broken.getMessage().startsWith("not a TorchScript model"), broken.getMessage());
            try (TorchScriptProbe probe = TorchScriptProbe.load(resource("small_cnn.pt"), "small-cnn", m)) {
                IllegalArgumentException rgb = assertThrows(IllegalArgumentException.class, () -> probe.check(3, 28));
                assertTrue(rgb.getMessage().contains("does not accept"), rgb.getMessage());
                assertEquals(10, probe.check(1, 40), "global pooling takes any size");
            }
            try (TorchScriptProbe probe = TorchScriptProbe.load(resource("unused_conv.pt"), "unused", m)) {
                IllegalArgumentException unused = assertThrows(IllegalArgumentException.class,
                        () -> probe.check(1, 28));
                assertTrue(unused.getMessage().contains("unused.weight does not influence"), unused.getMessage());
            }
        }
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    /**
     * The fixtures of {@code tools/make_probe_safety_fixtures.py} do what they say once libtorch has them: the
     * canary's __setstate__ writes its file while the model merely loads, and the from_file one reads /etc/passwd in
     * forward. {@link TorchScriptProbe#load} inspects first, so neither reaches libtorch through it, while the allowed
     * fixture is a probe.
     */
    @Test
    void hostileFixturesRunWhenLibtorchHasThemSoLoadInspectsFirst() throws IOException {
        Path canary = Path.of("/tmp/metadiv-probe-canary");
        byte[] blank = new byte[8];
        byte[] marked = new byte[8];
        Arrays.fill(marked, (byte) 42);
        try (NDManager m = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            Files.write(canary, blank);
            assertThrows(UnsafeModelException.class, () -> TorchScriptProbe.load(resource("safety/canary.pt"), "c", m));
            assertArrayEquals(blank, Files.readAllBytes(canary), "refused before libtorch saw it");
            try (PtSymbolBlock raw = JniUtils.loadModule((PtNDManager) m,
                    new ByteArrayInputStream(resource("safety/canary.pt")), false, false)) {
                assertArrayEquals(marked, Files.readAllBytes(canary), "loading alone ran __setstate__");
            }
            try (PtSymbolBlock raw = JniUtils.loadModule((PtNDManager) m,
                    new ByteArrayInputStream(resource("safety/from_file.pt")), false, false)) {
                NDList out = raw.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 1, 8, 8))),
                        false);
                assertEquals(new Shape(1, 4), out.get(0).getShape(), "forward read /etc/passwd and ran");
            }
            assertThrows(UnsafeModelException.class, () -> TorchScriptProbe.load(resource("safety/from_file.pt"),
                    "leak", m));
            try (TorchScriptProbe probe = TorchScriptProbe.load(resource("safety/safe_cnn.pt"), "safe", m)) {
                assertEquals(5, probe.convCount());
                assertEquals(40, probe.dimension());
                assertEquals(24, probe.check(1, 16));
            }
        } finally {
            Files.deleteIfExists(canary);
        }
    }

    @Test
    void aForwardPassAskedForPastTheTimeLimitIsRefused() throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager(TorchRuntime.ENGINE);
                TorchScriptProbe probe = TorchScriptProbe.load(resource("safety/slow_cnn.pt"), "slow", m)) {
            probe.limitTime(java.time.Duration.ofSeconds(30));
            assertEquals(4, probe.check(1, 4), "within the limit");
            probe.limitTime(java.time.Duration.ofMillis(1));
            Thread.sleep(5);
            ProbeTimeLimitException late = assertThrows(ProbeTimeLimitException.class, () -> probe.check(1, 4));
            assertTrue(late.getMessage().contains("slow ran past its time limit"), late.getMessage());
        }
    }
}
