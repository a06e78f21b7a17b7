package io.metadiv.training;

import static io.metadiv.training.TrainingFixture.CHANCE;
import static io.metadiv.training.TrainingFixture.IMAGES;
import static io.metadiv.training.TrainingFixture.MODEL;
import static io.metadiv.training.TrainingFixture.SPLIT;
import static io.metadiv.training.TrainingFixture.episodes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.metadiv.episode.BatchSampler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class PtTrainerTest {

    private static PtTrainer trainer(NDManager m, int iterations) {
        PtConfig config = PtConfig.builder().optBatchSize(32).optIterations(iterations).optSeed(2)
                .optHead(new FitLinearHead.Config(100, FitLinearHead.Config.DEFAULT_LEARNING_RATE)).build();
        return new PtTrainer(m, MODEL, config, new BatchSampler(IMAGES, SPLIT.train(), 32, 4, DataType.FLOAT32));
    }

    @Test
    void pretrainingWithFreshHeadsBeatsChance() {
        try (NDManager m = NDManager.newBaseManager(); PtTrainer t = trainer(m, 30)) {
            TrainingResult r = t.train(ProgressListener.NONE);
            Evaluation e = t.evaluate(episodes(SPLIT.test(), 12345), 30);
            System.out.println("PT accuracy " + e.accMean() + " ± " + e.accCi95() + ", loss " + r.losses().get(0)
                    + " -> " + r.meanLastLosses(5));
            assertTrue(e.accMean() - e.accCi95() > CHANCE + 0.3, "PT accuracy " + e.accMean() + " ± " + e.accCi95());
            assertTrue(r.meanLastLosses(5) < r.losses().get(0), "loss must fall: " + r.losses());
        }
    }

    @Test
    void checkpointTakenInListenerResumesExactly() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] straight;
            try (PtTrainer t = trainer(m, 6)) {
                t.train(ProgressListener.NONE);
                straight = TrainingFixture.values(t.parameters());
            }
            ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
            try (PtTrainer first = trainer(m, 6)) {
                // checkpoint from inside the listener at step 4, then let the run finish
                first.train(p -> {
                    if (p.step() == 4) {
                        try {
                            first.saveCheckpoint(checkpoint);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    return ProgressListener.Decision.CONTINUE;
                });
            }
            try (PtTrainer second = trainer(m, 6)) {
                second.restoreCheckpoint(new ByteArrayInputStream(checkpoint.toByteArray()));
                assertEquals(4, second.step());
                // what a probe reads from a run's checkpoint: its parameters at that step
                try (NDManager probe = m.newSubManager()) {
                    float[][] read = TrainingFixture.values(Trainer.readParameters(
                            new ByteArrayInputStream(checkpoint.toByteArray()), probe));
                    float[][] restored = TrainingFixture.values(second.parameters());
                    assertEquals(restored.length, read.length);
                    for (int i = 0; i < read.length; i++) {
                        assertArrayEquals(restored[i], read[i], 0f, "tensor " + i);
                    }
                }
                assertEquals(6, second.train(ProgressListener.NONE).stepsDone());
                float[][] resumed = TrainingFixture.values(second.parameters());
                for (int i = 0; i < straight.length; i++) {
                    assertArrayEquals(straight[i], resumed[i], 0f, "tensor " + i);
                }
            }
        }
    }

    @Test
    void checkpointOfAnotherAlgorithmIsRefused() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); PtTrainer pt = trainer(m, 1);
                MamlTrainer maml = new MamlTrainer(m, MODEL, MamlConfig.builder(MamlConfig.Order.FIRST).build(),
                        episodes(SPLIT.train(), 0))) {
            ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
            maml.saveCheckpoint(checkpoint);
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> pt.restoreCheckpoint(new ByteArrayInputStream(checkpoint.toByteArray())));
            assertTrue(e.getMessage().contains("MAML-FIRST"), e.getMessage());
        }
    }
}
