package io.metadiv.episode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Objects;

/**
 * Seeded supervised minibatches over the union of some classes (pre-training). Each batch draws B distinct
 * images uniformly from all images of those classes; labels are remapped to the position of the class in the
 * given list ({@code 0..classes.size()-1}).
 */
public final class BatchSampler implements SeededStream {

    private final ImageSet images;
    private final int[] pool;
    private final long[] poolLabels;
    private final int batchSize;
    private final int numClasses;
    private final DataType dataType;
    private final SeededRandom random;

    /**
     * Creates a sampler.
     *
     * @param images the image set
     * @param classes class indices to train on (e.g. {@link ClassSplit#train()})
     * @param batchSize B, at most the number of images of those classes
     * @param seed stream seed
     * @param dataType FLOAT32 or FLOAT64
     * @throws IllegalArgumentException when there are no classes or fewer images than B
     */
    public BatchSampler(ImageSet images, List<Integer> classes, int batchSize, long seed, DataType dataType) {
        this.images = Objects.requireNonNull(images, "images");
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("pre-training needs at least one meta-train class, got none");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        List<int[]> byClass = images.indicesByClass();
        int total = 0;
        for (int c : classes) {
            total += byClass.get(c).length;
        }
        if (total < batchSize) {
            throw new IllegalArgumentException("the training classes hold " + total
                    + " images, fewer than the batch size " + batchSize);
        }
        this.pool = new int[total];
        this.poolLabels = new long[total];
        int at = 0;
        for (int i = 0; i < classes.size(); i++) {
            int[] members = byClass.get(classes.get(i));
            System.arraycopy(members, 0, pool, at, members.length);
            for (int k = 0; k < members.length; k++) {
                poolLabels[at + k] = i;
            }
            at += members.length;
        }
        this.batchSize = batchSize;
        this.numClasses = classes.size();
        this.dataType = dataType;
        this.random = new SeededRandom(seed);
    }

    /**
     * Draws the next batch.
     *
     * @param manager owner of the tensors
     * @return the batch
     */
    public Batch sample(NDManager manager) {
        int[] positions = new int[pool.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        random.partialShuffle(positions, batchSize);
        int[] idx = new int[batchSize];
        long[] labels = new long[batchSize];
        for (int i = 0; i < batchSize; i++) {
            idx[i] = pool[positions[i]];
            labels[i] = poolLabels[positions[i]];
        }
        NDArray x = ImageTensors.gather(images, idx, 0, batchSize, manager, dataType);
        return new Batch(x, manager.create(labels));
    }

    /** Number of classes (the head's output size). */
    public int numClasses() {
        return numClasses;
    }

    @Override
    public long rngState() {
        return random.state();
    }

    @Override
    public void restoreRngState(long state) {
        random.restore(state);
    }
}
