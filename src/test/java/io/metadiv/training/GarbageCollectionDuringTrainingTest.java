package io.metadiv.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metadiv.episode.ImageSet;
import io.metadiv.episode.SyntheticImages;
import io.metadiv.nn.TorchRuntime;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection in the middle of a training step changes nothing. DJL's {@code mul(Number)} wraps the number
 * in a tensor over a Java direct buffer that autograd keeps for the backward pass; once the GC freed it, HO-MAML's
 * backward pass read freed memory and its losses changed from run to run (now and then to NaN).
 */
class GarbageCollectionDuringTrainingTest {

    private static final ImageSet IMAGES = SyntheticImages.generate(8, 10, 28, 5);
    private static final int RUNS = 2;

    private static RunSpec spec(RunSpec.Method method) {
        return RunSpec.builder(method).optArch(RunSpec.Arch.CONV4, 8, null).optShape(2, 1, 3).optLength(10, null)
                .optMaml(2, null, null, null, null).optEvaluation(4, null).optSplit(List.of(0.5, 0.0, 0.5), null)
                .optSeed(3).build();
    }

    private static List<Double> losses(RunSpec spec) {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            RunExecutor.Checkpoints none = new RunExecutor.Checkpoints() {
                @Override
                public byte[] latest() {
                    return null;
                }

                @Override
                public void save(int step, byte[] checkpoint) {
                }
            };
            return RunExecutor.run(spec, IMAGES, manager, none, 0, p -> ProgressListener.Decision.CONTINUE)
                    .training().losses();
        }
    }

    /** Collects garbage every few milliseconds and fills freshly allocated native memory with NaN while it runs. */
    private static final class GcStorm implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::storm, "gc-storm");

        GcStorm() {
            thread.setDaemon(true);
            thread.start();
        }

        private void storm() {
            while (running.get()) {
                System.gc();
                List<ByteBuffer> scribbles = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(8 * (1 + i % 4));
                    while (b.remaining() >= Double.BYTES) {
                        b.putDouble(Double.NaN);
                    }
                    scribbles.add(b);
                }
                try {
                    Thread.sleep(2); // leaves the training thread time to run between collections
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    @Test
    void higherOrderMamlLossesAreTheSameWhileTheGcRuns() throws Exception {
        for (RunSpec.Method method : List.of(RunSpec.Method.HO_MAML, RunSpec.Method.FO_MAML)) {
            List<Double> quiet = losses(spec(method));
            assertThat(quiet).as(method + " losses").allSatisfy(l -> assertThat(l).isFinite());
            try (GcStorm storm = new GcStorm()) {
                for (int run = 0; run < RUNS; run++) {
                    assertThat(losses(spec(method))).as(method + " run " + run + " with the GC running")
                            .isEqualTo(quiet);
                }
            }
        }
    }
}
