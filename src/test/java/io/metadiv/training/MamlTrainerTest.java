package io.metadiv.training;

import static io.metadiv.training.TrainingFixture.CHANCE;
import static io.metadiv.training.TrainingFixture.MODEL;
import static io.metadiv.training.TrainingFixture.SPLIT;
import static io.metadiv.training.TrainingFixture.episodes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MamlTrainerTest {

    private static final int LEARNING_STEPS = 60;
    private static final int WINDOW = 10;

    private static MamlConfig config(MamlConfig.Order order, int iterations) {
        return MamlConfig.builder(order).optMetaBatch(2).optIterations(iterations).optSeed(1).build();
    }

    private static MamlTrainer trainer(NDManager m, MamlConfig.Order order, int iterations) {
        return new MamlTrainer(m, MODEL, config(order, iterations), episodes(SPLIT.train(), 3));
    }

    @Test
    void higherOrderMamlBeatsChance() {
        learnsAndBeatsChance(MamlConfig.Order.HIGHER);
    }

    @Test
    void firstOrderMamlBeatsChance() {
        learnsAndBeatsChance(MamlConfig.Order.FIRST);
    }

    private void learnsAndBeatsChance(MamlConfig.Order order) {
        try (NDManager m = NDManager.newBaseManager(); MamlTrainer t = trainer(m, order, LEARNING_STEPS)) {
            TrainingResult r = t.train(ProgressListener.NONE);
            assertEquals(LEARNING_STEPS, r.stepsDone());
            assertEquals(LEARNING_STEPS, r.losses().size());
            Evaluation e = t.evaluate(episodes(SPLIT.test(), 12345), 40);
            System.out.println(order + " accuracy " + e.accMean() + " ± " + e.accCi95() + ", loss "
                    + r.losses().get(0) + " -> " + r.meanLastLosses(WINDOW));
            assertTrue(e.accMean() - e.accCi95() > CHANCE + 0.3, order + " accuracy " + e.accMean() + " ± "
                    + e.accCi95() + " vs chance " + CHANCE);
            double first = r.losses().subList(0, WINDOW).stream().mapToDouble(Double::doubleValue).average()
                    .orElseThrow();
            assertTrue(r.meanLastLosses(WINDOW) < first, "loss must fall: " + r.losses());
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Double> straightLosses;
            float[][] straight;
            try (MamlTrainer t = trainer(m, MamlConfig.Order.HIGHER, 6)) {
                straightLosses = t.train(ProgressListener.NONE).losses();
                straight = TrainingFixture.values(t.parameters());
            }
            ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
            List<Double> resumedLosses = new ArrayList<>();
            try (MamlTrainer first = trainer(m, MamlConfig.Order.HIGHER, 6)) {
                TrainingResult r = first.train(p -> p.step() == 3 ? ProgressListener.Decision.STOP
                        : ProgressListener.Decision.CONTINUE);
                assertTrue(r.stopped());
                resumedLosses.addAll(r.losses());
                first.saveCheckpoint(checkpoint);
            }
            try (MamlTrainer second = trainer(m, MamlConfig.Order.HIGHER, 6)) {
                second.restoreCheckpoint(new ByteArrayInputStream(checkpoint.toByteArray()));
                assertEquals(3, second.step());
                TrainingResult r = second.train(ProgressListener.NONE);
                assertFalse(r.stopped());
                assertEquals(6, r.stepsDone());
                resumedLosses.addAll(r.losses());
                assertEquals(straightLosses, resumedLosses);
                float[][] resumed = TrainingFixture.values(second.parameters());
                for (int i = 0; i < straight.length; i++) {
                    assertArrayEquals(straight[i], resumed[i], 0f, "tensor " + i);
                }
            }
        }
    }

    @Test
    void cancelStopsAfterTheRequestedStep() {
        try (NDManager m = NDManager.newBaseManager(); MamlTrainer t = trainer(m, MamlConfig.Order.FIRST, 50)) {
            List<Integer> seen = new ArrayList<>();
            TrainingResult r = t.train(p -> {
                seen.add(p.step());
                assertTrue(p.elapsedMillis() >= 0 && Double.isFinite(p.loss()));
                return p.step() >= 2 ? ProgressListener.Decision.STOP : ProgressListener.Decision.CONTINUE;
            });
            assertEquals(List.of(1, 2), seen);
            assertEquals(2, r.stepsDone());
            assertTrue(r.stopped());
        }
    }

    @Test
    void stepsLeaveNoOpenArraysBehind() {
        try (NDManager m = NDManager.newBaseManager(); MamlTrainer t = trainer(m, MamlConfig.Order.HIGHER, 40)) {
            int[] counts = new int[41];
            t.train(p -> {
                counts[p.step()] = TrainingFixture.openArrays(m);
                return ProgressListener.Decision.CONTINUE;
            });
            assertEquals(counts[5], counts[40], "open arrays after step 5 vs step 40");
            assertEquals(counts[1], counts[40], "open arrays after step 1 vs step 40");
        }
    }
}
