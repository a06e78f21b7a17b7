package io.metadiv.training;

import static io.metadiv.training.TrainingFixture.CHANCE;
import static io.metadiv.training.TrainingFixture.IMAGES;
import static io.metadiv.training.TrainingFixture.SPLIT;
import static io.metadiv.training.TrainingFixture.episodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.metadiv.episode.BatchSampler;
import io.metadiv.nn.ResNet12;
import org.junit.jupiter.api.Test;

/** ResNet-12 as the second backbone: layout, and FO-MAML and PT learning on the generated classes. */
class ResNet12Test {

    private static final ResNet12 NARROW = new ResNet12(new int[] {8, 8, 16, 16}, 1, 28);

    @Test
    void layoutAndShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList params = NARROW.init(m, 5, 1, DataType.FLOAT32);
            assertEquals(ResNet12.BACKBONE_TENSORS + 2, params.size());
            assertEquals(new Shape(8, 1, 3, 3), params.get(0).getShape());
            assertEquals(new Shape(8, 1, 1, 1), params.get(9).getShape());
            assertEquals(new Shape(16, 8, 3, 3), params.get(24).getShape());
            assertEquals(new Shape(16, 16, 3, 3), params.get(36).getShape());
            assertEquals(new Shape(5, 16), params.get(ResNet12.BACKBONE_TENSORS).getShape());
            assertEquals(16, NARROW.featureDim());
            assertEquals(16 * 4, new ResNet12(new int[] {8, 8, 16, 16}, 3, 32).featureDim(), "2x2 after 4 pools");
            NDArray logits = NARROW.forward(m.randomUniform(0, 1, new Shape(6, 1, 28, 28)), params);
            assertEquals(new Shape(6, 5), logits.getShape());
            assertTrue(NARROW.describe().contains("[8, 8, 16, 16]"));
            assertThrows(IllegalArgumentException.class, () -> new ResNet12(new int[] {8, 8, 16}, 1, 28));
        }
    }

    @Test
    void firstOrderMamlLearns() {
        MamlConfig config = MamlConfig.builder(MamlConfig.Order.FIRST).optIterations(40).optMetaBatch(2)
                .optInnerSteps(1).optInnerStepsTest(3).optInnerLr(0.4).optOuterLr(3e-3).optSeed(1).build();
        try (NDManager m = NDManager.newBaseManager();
                MamlTrainer t = new MamlTrainer(m, NARROW, config, episodes(SPLIT.train(), 3))) {
            TrainingResult r = t.train(ProgressListener.NONE);
            Evaluation e = t.evaluate(episodes(SPLIT.test(), 12345), 30);
            System.out.println("ResNet-12 FO-MAML accuracy " + e.accMean() + " ± " + e.accCi95());
            assertTrue(e.accMean() - e.accCi95() > CHANCE + 0.2, "accuracy " + e.accMean() + " ± " + e.accCi95());
            assertEquals(40, r.stepsDone());
        }
    }

    @Test
    void pretrainingLearns() {
        PtConfig config = PtConfig.builder().optBatchSize(32).optIterations(30).optSeed(2).build();
        try (NDManager m = NDManager.newBaseManager(); PtTrainer t = new PtTrainer(m, NARROW, config,
                new BatchSampler(IMAGES, SPLIT.train(), 32, 4, DataType.FLOAT32))) {
            t.train(ProgressListener.NONE);
            Evaluation e = t.evaluate(episodes(SPLIT.test(), 12345), 30);
            System.out.println("ResNet-12 PT accuracy " + e.accMean() + " ± " + e.accCi95());
            assertTrue(e.accMean() - e.accCi95() > CHANCE + 0.2, "accuracy " + e.accMean() + " ± " + e.accCi95());
        }
    }
}
