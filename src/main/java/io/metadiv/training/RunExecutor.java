package io.metadiv.training;

import ai.djl.ndarray.NDManager;
import io.metadiv.episode.BatchSampler;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.EpisodeSampler;
import io.metadiv.episode.ImageSet;
import io.metadiv.nn.Network;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Runs one {@link RunSpec} on a dataset: trains (resuming from a checkpoint when one is given, and writing one every
 * {@code checkpointEvery} steps), then evaluates on meta-test episodes. The service's training jobs and tests use it;
 * the result depends only on the spec, the data and the seed, so a resumed run ends where an uninterrupted one does.
 */
public final class RunExecutor {

    /** Where checkpoints go and come from. */
    public interface Checkpoints {
        /** The latest checkpoint, or null. */
        byte[] latest();

        /** Stores a checkpoint of {@code step}. */
        void save(int step, byte[] checkpoint);

        /** Whether a run stopped by {@code stop} (thrown by the progress listener) saves a checkpoint first. */
        default boolean saveBeforeStop(RuntimeException stop) {
            return false;
        }
    }

    /**
     * How the run went.
     *
     * @param training what the (last) training call did: steps, losses, step times
     * @param evaluation meta-test accuracy with its 95% CI
     * @param resumedFrom the step it resumed from (0 for a fresh start)
     * @param trainSeconds wall seconds of this call's training
     * @param finalState a checkpoint of the trained state ({@link Trainer#readParameters} reads its parameters)
     */
    public record Outcome(TrainingResult training, Evaluation evaluation, int resumedFrom, double trainSeconds,
            byte[] finalState) {
    }

    private RunExecutor() {
    }

    /**
     * Trains and evaluates.
     *
     * @param spec the run
     * @param data the dataset
     * @param manager parent of the trainer's manager
     * @param checkpoints the checkpoint store
     * @param checkpointEvery steps between checkpoints (0 = never)
     * @param listener progress after every step (it may stop the run by throwing)
     * @return the outcome
     */
    public static Outcome run(RunSpec spec, ImageSet data, NDManager manager, Checkpoints checkpoints,
            int checkpointEvery, ProgressListener listener) {
        ClassSplit split = spec.classSplit(data.numClasses());
        Network network = spec.network(data.channels(), data.height());
        EpisodeSampler test = EpisodeSampler.builder().setImages(data).setClasses(split.test())
                .setShape(spec.ways(), spec.shots(), spec.queries()).optSeed(spec.evalSeed()).build();
        try (Trainer<?> trainer = trainer(spec, data, split, network, manager)) {
            byte[] saved = checkpoints.latest();
            if (saved != null) {
                restore(trainer, saved);
            }
            int resumedFrom = trainer.step();
            ProgressListener withCheckpoints = progress -> {
                if (checkpointEvery > 0 && progress.step() % checkpointEvery == 0
                        && progress.step() < spec.totalSteps()) {
                    checkpoints.save(progress.step(), checkpoint(trainer));
                }
                try {
                    return listener.onStep(progress);
                } catch (RuntimeException stop) {
                    if (checkpoints.saveBeforeStop(stop)) {
                        checkpoints.save(progress.step(), checkpoint(trainer));
                    }
                    throw stop;
                }
            };
            long start = System.nanoTime();
            TrainingResult training = trainer.train(withCheckpoints);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            Evaluation evaluation = trainer instanceof MamlTrainer maml ? maml.evaluate(test, spec.evalEpisodes())
                    : ((PtTrainer) trainer).evaluate(test, spec.evalEpisodes());
            return new Outcome(training, evaluation, resumedFrom, trainSeconds, checkpoint(trainer));
        }
    }

    private static Trainer<?> trainer(RunSpec spec, ImageSet data, ClassSplit split, Network network,
            NDManager manager) {
        if (spec.method() == RunSpec.Method.PT) {
            PtConfig config = spec.ptConfig();
            BatchSampler batches = new BatchSampler(data, split.train(), spec.ptBatch(), spec.seed(),
                    config.dataType());
            return new PtTrainer(manager, network, config, batches);
        }
        EpisodeSampler train = EpisodeSampler.builder().setImages(data).setClasses(split.train())
                .setShape(spec.ways(), spec.shots(), spec.queries()).optSeed(spec.seed()).build();
        return new MamlTrainer(manager, network, spec.mamlConfig(), train);
    }

    private static byte[] checkpoint(Trainer<?> trainer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            trainer.saveCheckpoint(out);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint not written", e);
        }
        return out.toByteArray();
    }

    private static void restore(Trainer<?> trainer, byte[] saved) {
        try {
            trainer.restoreCheckpoint(new ByteArrayInputStream(saved));
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint does not fit this run", e);
        }
    }
}
