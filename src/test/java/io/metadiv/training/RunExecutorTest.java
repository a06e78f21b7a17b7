package io.metadiv.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metadiv.episode.ImageSet;
import io.metadiv.episode.SyntheticImages;
import io.metadiv.nn.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link RunExecutor}: a run resumed from any of its checkpoints ends where the uninterrupted run does, and runs of
 * two threads at once (a worker with 2 slots) give what each gives alone.
 */
class RunExecutorTest {

    private static final ImageSet IMAGES = SyntheticImages.generate(8, 10, 28, 5);

    private static RunSpec spec(RunSpec.Method method, long seed) {
        return RunSpec.builder(method).optArch(RunSpec.Arch.CONV4, 8, null).optShape(2, 1, 3).optLength(20, null)
                .optMaml(2, null, null, null, null).optPt(8, null).optEvaluation(10, null)
                .optSplit(List.of(0.5, 0.0, 0.5), null).optSeed(seed).build();
    }

    /** Keeps every checkpoint; resumes from the one given. */
    private static final class Store implements RunExecutor.Checkpoints {
        final List<byte[]> saved = new ArrayList<>();
        byte[] resumeFrom;

        @Override
        public byte[] latest() {
            return resumeFrom;
        }

        @Override
        public void save(int step, byte[] checkpoint) {
            saved.add(checkpoint);
        }
    }

    private static double accuracy(RunSpec spec, Store store) {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            return RunExecutor.run(spec, IMAGES, manager, store, 5, p -> ProgressListener.Decision.CONTINUE)
                    .evaluation().accMean();
        }
    }

    @Test
    void aRunResumedFromACheckpointEndsWithTheUninterruptedAccuracy() {
        for (RunSpec.Method method : RunSpec.Method.values()) {
            Store store = new Store();
            double uninterrupted = accuracy(spec(method, 3), store);
            assertThat(store.saved).as(method + ": checkpoints at steps 5, 10, 15").hasSize(3);
            Store resumed = new Store();
            resumed.resumeFrom = store.saved.get(1);
            assertThat(accuracy(spec(method, 3), resumed)).as(method.name()).isEqualTo(uninterrupted);
            assertThat(resumed.saved).as("only the later checkpoint is written again").hasSize(1);
        }
    }

    @Test
    void twoRunsAtOnceGiveWhatEachGivesAlone() throws Exception {
        for (RunSpec.Method method : RunSpec.Method.values()) {
            double alone3 = accuracy(spec(method, 3), new Store());
            double alone4 = accuracy(spec(method, 4), new Store());
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                Future<Double> a = two.submit(() -> accuracy(spec(method, 3), new Store()));
                Future<Double> b = two.submit(() -> accuracy(spec(method, 4), new Store()));
                assertThat(a.get()).as(method + " seed 3").isEqualTo(alone3);
                assertThat(b.get()).as(method + " seed 4").isEqualTo(alone4);
            } finally {
                two.shutdownNow();
            }
        }
    }
}
