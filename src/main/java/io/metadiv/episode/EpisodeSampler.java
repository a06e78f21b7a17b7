package io.metadiv.episode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Seeded N-way K-shot Q-query episodes over a list of classes of an {@link ImageSet}.
 *
 * <p>Each episode draws N distinct classes without replacement, then K+Q distinct images per class; the first K
 * are support, the rest query. The stream is a pure function of the seed and the number of episodes drawn;
 * {@link #rngState()} / {@link #restoreRngState(long)} checkpoint it.
 */
public final class EpisodeSampler implements SeededStream {

    private final ImageSet images;
    private final int[] classes;
    private final List<int[]> byClass;
    private final int ways;
    private final int shots;
    private final int queries;
    private final DataType dataType;
    private final SeededRandom random;

    /** Fewest classes an episode can have: with one there is nothing to tell apart. */
    public static final int MIN_WAYS = 2;

    private EpisodeSampler(Builder builder) {
        this.images = Objects.requireNonNull(builder.images, "setImages is required");
        Objects.requireNonNull(builder.classes, "setClasses is required");
        checkShape(builder.ways, builder.shots, builder.queries, builder.classes.size());
        this.classes = builder.classes.stream().mapToInt(Integer::intValue).toArray();
        this.ways = builder.ways;
        this.shots = builder.shots;
        this.queries = builder.queries;
        this.dataType = builder.dataType;
        this.random = new SeededRandom(builder.seed);
        List<int[]> all = images.indicesByClass();
        this.byClass = new ArrayList<>(classes.length);
        List<String> small = new ArrayList<>();
        int need = shots + queries;
        for (int c : classes) {
            if (c < 0 || c >= images.numClasses()) {
                throw new IllegalArgumentException("class " + c + " outside [0," + images.numClasses() + ")");
            }
            int[] members = all.get(c);
            byClass.add(members);
            if (members.length < need) {
                small.add(images.classNames().get(c) + " (" + members.length + ")");
            }
        }
        if (!small.isEmpty()) {
            throw new IllegalArgumentException(small.size() + " classes have fewer than " + need
                    + " images (shots " + shots + " + queries " + queries + "): " + String.join(", ", small));
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws the next episode.
     *
     * @param manager owner of the episode's tensors (normally a per-step child manager)
     * @return the episode; close it (or its manager) after use
     */
    public Episode sample(NDManager manager) {
        int[] chosen = new int[ways];
        int[][] drawn = draw(random, classes, byClass, ways, shots + queries, chosen);
        int[] supportIdx = new int[ways * shots];
        int[] queryIdx = new int[ways * queries];
        long[] supportLabels = new long[ways * shots];
        long[] queryLabels = new long[ways * queries];
        for (int w = 0; w < ways; w++) {
            System.arraycopy(drawn[w], 0, supportIdx, w * shots, shots);
            System.arraycopy(drawn[w], shots, queryIdx, w * queries, queries);
            Arrays.fill(supportLabels, w * shots, (w + 1) * shots, w);
            Arrays.fill(queryLabels, w * queries, (w + 1) * queries, w);
        }
        NDArray xs = ImageTensors.gather(images, supportIdx, 0, supportIdx.length, manager, dataType);
        NDArray ys = manager.create(supportLabels);
        NDArray xq = ImageTensors.gather(images, queryIdx, 0, queryIdx.length, manager, dataType);
        NDArray yq = manager.create(queryLabels);
        return new Episode(xs, ys, xq, yq, ways, chosen);
    }

    /**
     * The classes of the first {@code episodes} episodes that a sampler with these classes, shape and seed draws, from
     * the class sizes alone: the stream's draws depend on how many images each class has, never on the images, so
     * this is {@link Episode#classes()} of those episodes without reading a pixel.
     *
     * @param imagesPerClass images of each class of the image set, by class index
     * @param classes the classes episodes draw from, as given to {@link Builder#setClasses}
     * @param ways N
     * @param shots K
     * @param queries Q
     * @param seed the stream's seed
     * @param episodes how many episodes
     * @return per episode, the dataset class index of each episode label (length N)
     * @throws IllegalArgumentException when the classes cannot supply the shape, as {@link Builder#build()}
     */
    public static List<int[]> episodeClasses(int[] imagesPerClass, List<Integer> classes, int ways, int shots,
            int queries, long seed, int episodes) {
        int[] from = classes.stream().mapToInt(Integer::intValue).toArray();
        List<int[]> byClass = new ArrayList<>(from.length);
        for (int c : from) {
            if (c < 0 || c >= imagesPerClass.length) {
                throw new IllegalArgumentException("class " + c + " outside [0," + imagesPerClass.length + ")");
            }
            // the positions 0..n-1 stand in for the class's images: the same draws, no image indices needed
            byClass.add(IntStream.range(0, imagesPerClass[c]).toArray());
        }
        checkShape(ways, shots, queries, from.length);
        for (int[] members : byClass) {
            if (members.length < shots + queries) {
                throw new IllegalArgumentException("a class has " + members.length + " images, fewer than "
                        + (shots + queries) + " (shots " + shots + " + queries " + queries + ")");
            }
        }
        SeededRandom random = new SeededRandom(seed);
        List<int[]> out = new ArrayList<>(episodes);
        for (int e = 0; e < episodes; e++) {
            int[] chosen = new int[ways];
            draw(random, from, byClass, ways, shots + queries, chosen);
            out.add(chosen);
        }
        return out;
    }

    /**
     * One episode's draws, the only place the stream is consumed: N of the classes without replacement (their
     * dataset indices into {@code chosen}), then K+Q distinct members of each.
     *
     * @return per episode label, its K+Q drawn members (support first)
     */
    private static int[][] draw(SeededRandom random, int[] classes, List<int[]> byClass, int ways, int perClass,
            int[] chosen) {
        int[] order = new int[classes.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        random.partialShuffle(order, ways);
        int[][] drawn = new int[ways][];
        for (int w = 0; w < ways; w++) {
            chosen[w] = classes[order[w]];
            int[] members = byClass.get(order[w]).clone();
            random.partialShuffle(members, perClass);
            drawn[w] = Arrays.copyOf(members, perClass);
        }
        return drawn;
    }

    private static void checkShape(int ways, int shots, int queries, int classCount) {
        if (ways < MIN_WAYS || shots < 1 || queries < 1) {
            throw new IllegalArgumentException("need ways >= " + MIN_WAYS + ", shots >= 1 and queries >= 1, got ways="
                    + ways + " shots=" + shots + " queries=" + queries);
        }
        if (classCount < ways) {
            throw new IllegalArgumentException("the split has " + classCount + " classes but an episode needs "
                    + ways + " ways: use fewer ways or give the split more classes");
        }
    }

    /** N. */
    public int ways() {
        return ways;
    }

    /** K. */
    public int shots() {
        return shots;
    }

    /** Q. */
    public int queries() {
        return queries;
    }

    @Override
    public long rngState() {
        return random.state();
    }

    @Override
    public void restoreRngState(long state) {
        random.restore(state);
    }

    /** Builder: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {

        /** Default seed of the episode stream. */
        public static final long DEFAULT_SEED = 0L;

        private ImageSet images;
        private List<Integer> classes;
        private int ways;
        private int shots;
        private int queries;
        private long seed = DEFAULT_SEED;
        private DataType dataType = DataType.FLOAT32;

        private Builder() {
        }

        /**
         * Sets the image set (required).
         *
         * @param images the dataset tensors
         * @return this builder
         */
        public Builder setImages(ImageSet images) {
            this.images = images;
            return this;
        }

        /**
         * Sets the classes episodes draw from (required), e.g. {@link ClassSplit#test()}.
         *
         * @param classes class indices of the image set
         * @return this builder
         */
        public Builder setClasses(List<Integer> classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Sets the episode shape (required).
         *
         * @param ways N classes per episode
         * @param shots K support images per class
         * @param queries Q query images per class
         * @return this builder
         */
        public Builder setShape(int ways, int shots, int queries) {
            this.ways = ways;
            this.shots = shots;
            this.queries = queries;
            return this;
        }

        /**
         * Sets the seed of the episode stream (default 0).
         *
         * @param seed seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the image tensor type (default {@link DataType#FLOAT32}; {@link DataType#FLOAT64} for gradient checks).
         *
         * @param dataType FLOAT32 or FLOAT64
         * @return this builder
         */
        public Builder optDataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the sampler
         * @throws IllegalArgumentException when the split has fewer classes than ways or a class has fewer than
         *     K+Q images
         */
        public EpisodeSampler build() {
            return new EpisodeSampler(this);
        }
    }
}
