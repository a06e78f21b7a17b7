package io.metadiv.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.metadiv.nn.Autograd;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.GradMode;
import io.metadiv.nn.Losses;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FitLinearHeadTest {

    @Test
    void separableFeaturesAreFittedAndManagerStaysClean() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 3 classes, 4 points each around distinct centres in 6-d
            NDArray centres = m.create(new float[] {3, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0},
                    new Shape(3, 6));
            long[] labels = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
            NDArray y = m.create(labels);
            NDArray x = centres.get(y).add(m.randomNormal(0, 0.3f, new Shape(12, 6), DataType.FLOAT32));
            int before = ((ai.djl.ndarray.BaseNDManager) m).getManagedArrays().size();
            NDList head = FitLinearHead.fit(x, y, 3, FitLinearHead.Config.DEFAULT);
            assertEquals(new Shape(3, 6), head.get(0).getShape());
            NDArray logits = Conv4.linear(x, head.get(0), head.get(1));
            assertEquals(1.0, Losses.accuracy(logits, y), 1e-9);
            double loss = Losses.crossEntropy(logits, y).getFloat();
            assertTrue(loss < 0.1, "cross-entropy after 300 Adam steps " + loss);
            int after = ((ai.djl.ndarray.BaseNDManager) m).getManagedArrays().size();
            assertEquals(before + 2 + 2, after, "only the head (2) and the logits+loss (2) remain");
        }
    }

    @Test
    void arrayFitMatchesLibtorchAutogradAndAdam() {
        int n = 12;
        int dim = 5;
        int ways = 3;
        Random random = new Random(3);
        float[] feats = new float[n * dim];
        long[] labels = new long[n];
        for (int i = 0; i < feats.length; i++) {
            feats[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(ways); // unbalanced: balanced labels leave the bias gradients near 0,
        }                                       // where Adam's g/√v amplifies float32-vs-double rounding
        FitLinearHead.Config config = new FitLinearHead.Config(25, 1e-2);
        float[][] ours = FitLinearHead.fit(feats, labels, n, dim, ways, config);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList head = autogradFit(m.create(feats, new Shape(n, dim)), m.create(labels), ways, config);
            assertArrayEquals(head.get(0).toFloatArray(), ours[0], 1e-4f);
            assertArrayEquals(head.get(1).toFloatArray(), ours[1], 1e-4f);
        }
    }

    /** The head fit the way the reference writes it: libtorch cross-entropy, autograd and our fused Adam. */
    private static NDList autogradFit(NDArray features, NDArray labels, int ways, FitLinearHead.Config config) {
        NDManager owner = features.getManager();
        NDList head = new NDList(owner.zeros(new Shape(ways, features.getShape().get(1))), owner.zeros(new Shape(ways)));
        for (NDArray p : head) {
            p.setRequiresGradient(true);
        }
        try (NDManager state = owner.newSubManager()) {
            Adam adam = new Adam(Adam.Config.of(config.learningRate()), head, state);
            for (int s = 0; s < config.steps(); s++) {
                try (NDManager step = state.newSubManager(); GradMode on = GradMode.enabled()) {
                    NDArray loss = Losses.crossEntropy(Conv4.linear(features, head.get(0), head.get(1)), labels);
                    loss.attach(step);
                    NDList grads = Autograd.grad(loss, head, false);
                    grads.attach(step);
                    adam.step(head, grads);
                }
            }
        }
        return head;
    }
}
