package io.metadiv.diversity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.metadiv.episode.ImageSet;
import io.metadiv.episode.SyntheticImages;
import io.metadiv.nn.Autograd;
import io.metadiv.nn.BnStats;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.GradMode;
import io.metadiv.nn.TorchRuntime;
import io.metadiv.training.FitLinearHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiversityTest {

    private static final int SIZE = 16;
    private static final int HIDDEN = 8;
    private static final Conv4 ARCH = new Conv4(HIDDEN, 1, SIZE);

    @BeforeAll
    static void engine() {
        TorchRuntime.configure(2);
    }

    private static DiversitySettings.Builder small() {
        return DiversitySettings.builder().optTasks(6).optShape(3, 2, 3).optHead(30, 1e-2);
    }

    private static DiversityResult score(ImageSet images, DiversitySettings settings) {
        try (NDManager m = NDManager.newBaseManager(TorchRuntime.ENGINE);
                RandomConv4Probe probe = RandomConv4Probe.create(ARCH, 0, m)) {
            List<Integer> classes = IntStream.range(0, images.numClasses()).boxed().toList();
            return new DiversityCalculator(probe, settings).compute(images, classes, m, done -> { });
        }
    }

    @Test
    void distanceIsZeroForIdenticalEmbeddingsAndSymmetric() {
        float[] a = {0.1f, 2f, 0f, 3f};
        float[] b = {0.5f, 1f, 4f, 0.2f};
        assertEquals(0.0, TaskDistance.between(a, a), 1e-9);
        assertEquals(TaskDistance.between(a, b), TaskDistance.between(b, a), 0.0);
        assertTrue(TaskDistance.between(a, b) > 0.05);
        assertEquals(0.0, TaskDistance.between(a, new float[] {0.2f, 4f, 0f, 6f}), 1e-9,
                "scale-invariant: e/(e+2e) is constant");
        assertThrows(IllegalArgumentException.class, () -> TaskDistance.between(a, new float[3]));
    }

    @Test
    void coefficientIsTheMeanOfPairsWithItsMatrix() {
        List<float[]> e = List.of(new float[] {1, 0, 1}, new float[] {0, 1, 1}, new float[] {1, 1, 1});
        DiversityCoefficient c = DiversityCoefficient.of(e);
        double d01 = TaskDistance.between(e.get(0), e.get(1));
        double d02 = TaskDistance.between(e.get(0), e.get(2));
        double d12 = TaskDistance.between(e.get(1), e.get(2));
        assertEquals((d01 + d02 + d12) / 3, c.coefficient(), 1e-12);
        assertEquals(3, c.pairs());
        assertEquals(d12, c.distances()[2][1], 0.0);
        assertEquals(0.0, c.distances()[1][1], 0.0);
        assertEquals(Math.min(d01, Math.min(d02, d12)), c.min(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> DiversityCoefficient.of(List.of(new float[1])));
    }

    /** The batched Fisher equals the reference's loop: per example, per label, p(y|x)·(∂ log p(y|x)/∂W)². */
    @Test
    void batchedExactFisherMatchesPerExampleLoop() {
        int ways = 3;
        int n = 9;
        try (NDManager m = NDManager.newBaseManager(TorchRuntime.ENGINE);
                RandomConv4Probe probe = RandomConv4Probe.create(ARCH, 4, m)) {
            ImageSet images = SyntheticImages.generate(ways, 3, SIZE, 7);
            NDArray x = m.create(toFloats(images.pixels()), new Shape(n, 1, SIZE, SIZE));
            long[] labels = new long[n];
            for (int i = 0; i < n; i++) {
                labels[i] = images.labels()[i];
            }
            int steps = 20;
            float[] fast = new Task2Vec(probe, new Task2Vec.Config(steps, 1e-2, 0)).embed(x, m.create(labels), ways, 0);

            NDList backbone = probe.backbone();
            List<BnStats> stats = ARCH.batchBnStats(x, backbone);
            float[] feats;
            try (GradMode off = GradMode.disabled()) {
                feats = ARCH.features(x, backbone, stats).toFloatArray();
            }
            float[][] head = FitLinearHead.fit(feats, labels, n, HIDDEN, ways, new FitLinearHead.Config(steps, 1e-2));
            NDList params = new NDList();
            for (NDArray p : backbone) {
                params.add(p.duplicate());
            }
            params.add(m.create(head[0], new Shape(ways, HIDDEN)));
            params.add(m.create(head[1], new Shape(ways)));
            NDList convWeights = new NDList();
            for (int idx : Conv4.convWeightIndices()) {
                params.get(idx).setRequiresGradient(true);
                convWeights.add(params.get(idx));
            }
            double[] slow = new double[4 * HIDDEN];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < ways; c++) {
                    try (NDManager step = m.newSubManager(); GradMode on = GradMode.enabled()) {
                        NDArray xi = x.get(i).reshape(1, 1, SIZE, SIZE);
                        xi.attach(step);
                        NDArray logp = ARCH.forward(xi, params, stats).logSoftmax(1).get(0, c);
                        logp.attach(step);
                        double prob = Math.exp(logp.getFloat());
                        NDList grads = Autograd.grad(logp, convWeights, false);
                        grads.attach(step);
                        for (int l = 0; l < 4; l++) {
                            float[] g = grads.get(l).toFloatArray();
                            int perFilter = g.length / HIDDEN;
                            for (int k = 0; k < g.length; k++) {
                                slow[l * HIDDEN + k / perFilter] += prob * g[k] * g[k] / ((double) n * perFilter);
                            }
                        }
                    }
                }
            }
            for (int k = 0; k < slow.length; k++) {
                assertEquals(slow[k], fast[k], 1e-4 * Math.abs(slow[k]) + 1e-12, "entry " + k);
            }
            assertTrue(slow[0] > 0);
        }
    }

    @Test
    void degenerateDatasetScoresFarBelowDiverseOne() {
        ImageSet diverse = PatternImages.diverse(10, 8, SIZE, 11);
        ImageSet degenerate = PatternImages.degenerate(diverse, 10, 8, 12, 1);
        DiversitySettings settings = small().optShape(5, 3, 5).build(); // 40 images per task: 15 are too noisy
        double high = score(diverse, settings).coefficient().coefficient();
        double low = score(degenerate, settings).coefficient().coefficient();
        assertTrue(low < 0.6 * high, "degenerate " + low + " vs diverse " + high);
    }

    @Test
    void sameSeedGivesTheSameCoefficientAndExactFisherHasNoNoise() {
        ImageSet images = SyntheticImages.generate(8, 6, SIZE, 5);
        DiversitySettings settings = small().optNoiseTasks(2).build();
        DiversityResult a = score(images, settings);
        DiversityResult b = score(images, settings);
        assertEquals(a.coefficient().coefficient(), b.coefficient().coefficient(), 0.0);
        assertArrayEquals(a.embeddings().get(3), b.embeddings().get(3), 0f);
        assertEquals(6, a.embeddings().size());
        assertEquals(4 * HIDDEN, a.embeddings().get(0).length);
        assertEquals(0.0, a.noiseFloor(), 1e-9);
        double other = score(images, small().optSeed(1).build()).coefficient().coefficient();
        assertTrue(other != a.coefficient().coefficient(), "another seed draws other tasks");
    }

    @Test
    void monteCarloFisherReportsAPositiveNoiseFloor() {
        ImageSet images = SyntheticImages.generate(8, 6, SIZE, 5);
        DiversitySettings settings = small().optFisherSamples(1).build();
        assertEquals(DiversitySettings.DEFAULT_MC_NOISE_TASKS, settings.noiseTasks());
        DiversityResult r = score(images, settings);
        assertTrue(r.noiseFloor() > 1e-4, "MC noise floor " + r.noiseFloor());
        assertTrue(r.coefficient().coefficient() > 0 && r.coefficient().coefficient() < 1);
    }

    @Test
    void settingsAndProbesRejectBadInput() {
        assertThrows(IllegalArgumentException.class, () -> small().optTasks(1).build());
        assertThrows(IllegalArgumentException.class, () -> small().optFisherSamples(-1).build());
        try (NDManager m = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            NDList wrong = new Conv4(4, 1, SIZE).initBackbone(m, 0, DataType.FLOAT32);
            assertThrows(IllegalArgumentException.class, () -> BackboneProbe.of(ARCH, wrong, "test", m));
            NDList right = ARCH.initBackbone(m, 2, DataType.FLOAT32);
            try (BackboneProbe probe = BackboneProbe.of(ARCH, right, "pt-run 1", m)) {
                assertEquals(ProbeKind.PT_BACKBONE, probe.kind());
                assertArrayEquals(right.get(4).toFloatArray(), probe.backbone().get(4).toFloatArray(), 0f);
                NDArray x = m.zeros(new Shape(4, 1, 20, 20));
                assertThrows(IllegalArgumentException.class, () -> new Task2Vec(probe, Task2Vec.Config.DEFAULT)
                        .embed(x, m.create(new long[] {0, 1, 0, 1}), 2, 0));
            }
        }
    }

    private static float[] toFloats(byte[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (pixels[i] & 0xFF) / 255f;
        }
        return out;
    }
}
