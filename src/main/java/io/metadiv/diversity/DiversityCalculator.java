package io.metadiv.diversity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.metadiv.episode.Episode;
import io.metadiv.episode.EpisodeSampler;
import io.metadiv.episode.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Computes a dataset's diversity coefficient, as the reference's {@code task2vec.dataset_diversity}: T seeded
 * tasks from the given classes, each embedded (support and query together) by the probe's {@link TaskEmbedder},
 * the mean pairwise {@link TaskDistance}, and optionally the Monte-Carlo noise floor. Every task runs in its own
 * child manager.
 */
public final class DiversityCalculator {

    private static final double NANOS_PER_MS = 1e6;
    private static final double NANOS_PER_S = 1e9;

    private final Probe probe;
    private final DiversitySettings settings;

    /**
     * @param probe the probe network (not owned)
     * @param settings tasks, episode shape, seed and Task2Vec settings
     */
    public DiversityCalculator(Probe probe, DiversitySettings settings) {
        this.probe = probe;
        this.settings = settings;
    }

    /**
     * Checks that the classes can supply the settings' tasks and that those tasks can differ at all.
     *
     * @param settings the settings
     * @param imagesPerClass images of each class tasks are drawn from
     * @throws IllegalArgumentException naming the setting, its allowed range and what would work
     */
    public static void checkFits(DiversitySettings settings, int[] imagesPerClass) {
        int ways = settings.ways();
        int perClass = settings.shots() + settings.queries();
        int fewest = java.util.Arrays.stream(imagesPerClass).min().orElse(0);
        if (ways > imagesPerClass.length) {
            throw new IllegalArgumentException("ways must be <= " + imagesPerClass.length + ", the classes tasks are "
                    + "drawn from (the meta-train split), got " + ways);
        }
        if (perClass > fewest) {
            throw new IllegalArgumentException("shots + queries must be <= " + fewest + ", the images in the "
                    + "smallest meta-train class, got " + settings.shots() + " + " + settings.queries());
        }
        boolean everyClassWhole = java.util.Arrays.stream(imagesPerClass).allMatch(n -> n == perClass);
        if (ways == imagesPerClass.length && everyClassWhole) {
            throw new IllegalArgumentException("every task would hold the same " + ways * perClass + " images (all "
                    + ways + " meta-train classes, all " + perClass + " images of each), so every task distance is 0 "
                    + "by construction and the coefficient would say nothing about the data; use shots + queries < "
                    + perClass + ", " + (ways > 2 ? "or ways < " + ways + ", " : "") + "or a dataset with more images per class or more classes");
        }
    }

    /**
     * Computes the score.
     *
     * @param images the dataset
     * @param classes the classes tasks are drawn from (normally the meta-train split)
     * @param manager parent of the per-task managers
     * @param progress called with the number of tasks embedded so far (after each task)
     * @return the score
     * @throws IllegalArgumentException when the classes cannot supply the episode shape
     */
    public DiversityResult compute(ImageSet images, List<Integer> classes, NDManager manager, IntConsumer progress) {
        long start = System.nanoTime();
        EpisodeSampler sampler = EpisodeSampler.builder().setImages(images).setClasses(classes)
                .setShape(settings.ways(), settings.shots(), settings.queries())
                .optSeed(settings.seed()).build();
        TaskEmbedder task2vec = probe.embedder(settings.embedding());
        List<float[]> embeddings = new ArrayList<>(settings.tasks());
        double[] millis = new double[settings.tasks()];
        double noiseSum = 0;
        for (int t = 0; t < settings.tasks(); t++) {
            try (NDManager task = manager.newSubManager(); Episode episode = sampler.sample(task)) {
                NDArray x = NDArrays.concat(new NDList(episode.support(), episode.query()));
                NDArray y = NDArrays.concat(new NDList(episode.supportLabels(), episode.queryLabels()));
                long t0 = System.nanoTime();
                float[] e = task2vec.embed(x, y, settings.ways(), settings.seed() + t);
                millis[t] = (System.nanoTime() - t0) / NANOS_PER_MS;
                embeddings.add(e);
                if (t < settings.noiseTasks()) {
                    float[] again = task2vec.embed(x, y, settings.ways(),
                            DiversitySettings.NOISE_SEED_OFFSET + settings.seed() + t);
                    noiseSum += TaskDistance.between(e, again);
                }
            }
            progress.accept(t + 1);
        }
        DiversityCoefficient coefficient = DiversityCoefficient.of(embeddings);
        double noise = settings.noiseTasks() > 0 ? noiseSum / settings.noiseTasks() : Double.NaN;
        return new DiversityResult(coefficient, List.copyOf(embeddings), millis, noise, settings.noiseTasks(),
                (System.nanoTime() - start) / NANOS_PER_S, probe.description(), probe.kind());
    }
}
