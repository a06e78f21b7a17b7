package io.metadiv.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.Losses;
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
}
