package io.metadiv.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.junit.jupiter.api.Test;

class Conv4Test {

    private final Conv4 model = new Conv4(8, 1, 28);

    @Test
    void layoutShapesAndSeededInit() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList a = model.init(m, 5, 3, DataType.FLOAT32);
            NDList b = model.init(m, 5, 3, DataType.FLOAT32);
            assertEquals(18, a.size());
            assertEquals(new Shape(8, 1, 3, 3), a.get(0).getShape());
            assertEquals(new Shape(8, 8, 3, 3), a.get(4).getShape());
            assertEquals(new Shape(5, 8), a.get(Conv4.HEAD_WEIGHT).getShape());
            assertArrayEquals(new int[] {0, 4, 8, 12}, Conv4.convWeightIndices());
            assertArrayEquals(a.get(4).toFloatArray(), b.get(4).toFloatArray());
            double bound = Math.sqrt(6.0 / (8 * 9 + 8 * 9));
            float[] w = a.get(4).toFloatArray();
            for (float v : w) {
                assertTrue(Math.abs(v) <= bound);
            }
            assertEquals(8, model.featureDim());
        }
    }

    @Test
    void forwardShapesAndSuppliedBatchStatsReproduceBatchNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList params = model.init(m, 5, 1, DataType.FLOAT64);
            NDArray x = m.randomUniform(0, 1, new Shape(6, 1, 28, 28), DataType.FLOAT64);
            NDArray logits = model.forward(x, params);
            assertEquals(new Shape(6, 5), logits.getShape());
            NDArray own = model.features(x, params);
            List<BnStats> stats = model.batchBnStats(x, params);
            assertEquals(4, stats.size());
            assertEquals(new Shape(8), stats.get(0).var().getShape());
            NDArray fixed = model.features(x, params, stats);
            double diff = own.sub(fixed).abs().max().getDouble();
            assertTrue(diff < 1e-9, "features with supplied batch stats differ by " + diff);
            NDArray other = m.randomUniform(0, 1, new Shape(6, 1, 28, 28), DataType.FLOAT64);
            double change = model.features(other, params, stats).sub(model.features(other, params)).abs().max()
                    .getDouble();
            assertTrue(change > 1e-6, "stats of another batch must matter, diff " + change);
        }
    }

    @Test
    void channelsLastForwardEqualsDjlLayersOnPlainLayout() {
        // 3 channels and 32 px: the input needs a real copy, and the last map is 2x2, so the flatten order counts
        Conv4 rgb = new Conv4(8, 3, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList params = rgb.init(m, 5, 2, DataType.FLOAT32);
            NDArray x = m.randomUniform(0, 1, new Shape(6, 3, 32, 32));
            assertEquals(0f, Conv4.channelsLast(x).sub(x).abs().max().getFloat());
            NDArray h = x;
            for (int i = 0; i < Conv4.BLOCKS; i++) {
                int b = Conv4.PER_BLOCK * i;
                NDArray y = Conv2d.conv2d(h, params.get(b), params.get(b + 1), new Shape(1, 1), new Shape(1, 1),
                        new Shape(1, 1), 1).singletonOrThrow();
                NDArray normed = BatchNorm.batchNorm(y, m.zeros(new Shape(8)), m.ones(new Shape(8)),
                        params.get(b + 2), params.get(b + 3), 1, 0f, (float) Conv4.BN_EPS, true).singletonOrThrow();
                h = Pool.maxPool2d(Activation.relu(normed), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
            NDArray expected = h.reshape(6, -1);
            NDArray actual = rgb.features(x, params);
            assertEquals(new Shape(6, 32), actual.getShape());
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void rejectsTooSmallImages() {
        assertThrows(IllegalArgumentException.class, () -> new Conv4(8, 1, 8));
    }
}
