package io.metadiv.diversity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.GradMode;
import io.metadiv.training.FitLinearHead;

/**
 * Task2Vec under a {@link TorchScriptProbe}: the same head fit and Fisher as {@link Task2Vec}, with per-example
 * gradients taken one example at a time, because an arbitrary model's conv inputs cannot be unfolded from outside.
 *
 * <p>Per example: one forward of that image alone (the model is in eval mode, so its output is the same as in the
 * batch), then the {@link FisherFactor} passes (N − 1 for the exact Fisher) backward from its logits, each
 * accumulating the squared conv-weight gradients. That is n forwards and n·(N − 1) backward passes of one image,
 * where the reference's loop needs n·N.
 */
final class ScriptedTask2Vec implements TaskEmbedder {

    private final TorchScriptProbe probe;
    private final Task2Vec.Config config;

    ScriptedTask2Vec(TorchScriptProbe probe, Task2Vec.Config config) {
        this.probe = probe;
        this.config = config;
    }

    @Override
    public int dimension() {
        return probe.dimension();
    }

    @Override
    public float[] embed(NDArray x, NDArray labels, int ways, long mcSeed) {
        long[] y = Task2Vec.checkedLabels(labels, ways);
        int n = Math.toIntExact(x.getShape().get(0));
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray features;
            try (GradMode off = GradMode.disabled()) {
                features = probe.features(x);
            }
            features.attach(scope);
            int dim = Math.toIntExact(features.getShape().get(1));
            float[][] head = FitLinearHead.fit(features.toFloatArray(), y, n, dim, ways, config.head());
            NDArray headWeight = scope.create(head[0], new Shape(ways, dim));
            NDArray headBias = scope.create(head[1], new Shape(ways));
            float[] probs;
            try (GradMode off = GradMode.disabled(); NDArray logits = Conv4.linear(features, headWeight, headBias)) {
                probs = Task2Vec.probabilities(logits);
            }
            float[][] passes = FisherFactor.passes(probs, Task2Vec.labelWeights(probs, n, ways, config, mcSeed), n,
                    ways);
            NDArray[] energy = new NDArray[probe.convCount()];
            for (int i = 0; i < n; i++) {
                accumulate(x, i, passes, headWeight, headBias, ways, energy, scope);
            }
            return perFilterMean(energy, n);
        } finally {
            probe.zeroGradients();
        }
    }

    /** Adds example i's Σ_r (∂ z_i·L_i[:, r] / ∂θ)² to the energy of every conv weight. */
    private void accumulate(NDArray x, int i, float[][] passes, NDArray headWeight, NDArray headBias, int ways,
            NDArray[] energy, NDManager scope) {
        int last = -1;
        for (int r = 0; r < passes.length; r++) {
            if (!isZeroRow(passes[r], i, ways)) {
                last = r;
            }
        }
        if (last < 0) {
            return;
        }
        try (NDManager example = scope.newSubManager()) {
            NDArray logits;
            try (GradMode on = GradMode.enabled()) {
                NDArray xi = x.get(new NDIndex("{}:{}", i, i + 1));
                xi.attach(example);
                NDArray features = probe.features(xi);
                logits = Conv4.linear(features, headWeight, headBias);
                logits.attach(example);
                features.close();
            }
            for (int r = 0; r <= last; r++) {
                if (isZeroRow(passes[r], i, ways)) {
                    continue;
                }
                float[] row = new float[ways];
                System.arraycopy(passes[r], i * ways, row, 0, ways);
                NDArray gradOut = example.create(row, new Shape(1, ways));
                JniUtils.backward((PtNDArray) logits, (PtNDArray) gradOut, r < last, false);
                try (GradMode off = GradMode.disabled()) {
                    for (int l = 0; l < energy.length; l++) {
                        Task2Vec.addInto(energy, l, probe.gradientOf(l, example).square(), scope);
                    }
                }
                probe.zeroGradients();
            }
        }
    }

    private static boolean isZeroRow(float[] pass, int i, int ways) {
        for (int k = 0; k < ways; k++) {
            if (pass[i * ways + k] != 0f) {
                return false;
            }
        }
        return true;
    }

    /** Per conv filter, the mean over its (in, kh, kw) entries of the summed squares, divided by n. */
    private float[] perFilterMean(NDArray[] energy, int n) {
        float[] embedding = new float[probe.dimension()];
        int at = 0;
        for (int l = 0; l < energy.length; l++) {
            TorchScriptProbe.ConvWeight layer = probe.convWeights().get(l);
            int filters = layer.filters();
            if (energy[l] != null) {
                try (NDArray perFilter = energy[l].reshape(filters, -1).mean(new int[] {1})) {
                    float[] values = perFilter.toFloatArray();
                    for (int o = 0; o < filters; o++) {
                        embedding[at + o] = values[o] / n;
                    }
                }
            }
            at += filters;
        }
        return embedding;
    }
}
