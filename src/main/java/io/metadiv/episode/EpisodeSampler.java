package io.metadiv.episode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
        if (builder.ways < MIN_WAYS || builder.shots < 1 || builder.queries < 1) {
            throw new IllegalArgumentException("need ways >= " + MIN_WAYS + ", shots >= 1 and queries >= 1, got ways="
                    + builder.ways
                    + " shots=" + builder.shots + " queries=" + builder.queries);
        }
        this.classes = builder.classes.stream().mapToInt(Integer::intValue).toArray();
        this.ways = builder.ways;
        this.shots = builder.shots;
        this.queries = builder.queries;
        this.dataType = builder.dataType;
        this.random = new SeededRandom(builder.seed);
        if (classes.length < ways) {
            throw new IllegalArgumentException("the split has " + classes.length + " classes but an episode needs "
                    + ways + " ways: use fewer ways or give the split more classes");
        }
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
        int[] order = new int[classes.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        random.partialShuffle(order, ways);
        int[] supportIdx = new int[ways * shots];
        int[] queryIdx = new int[ways * queries];
        long[] supportLabels = new long[ways * shots];
        long[] queryLabels = new long[ways * queries];
        int[] chosen = new int[ways];
        for (int w = 0; w < ways; w++) {
            chosen[w] = classes[order[w]];
            int[] members = byClass.get(order[w]).clone();
            random.partialShuffle(members, shots + queries);
            System.arraycopy(members, 0, supportIdx, w * shots, shots);
            System.arraycopy(members, shots, queryIdx, w * queries, queries);
            Arrays.fill(supportLabels, w * shots, (w + 1) * shots, w);
            Arrays.fill(queryLabels, w * queries, (w + 1) * queries, w);
        }
        NDArray xs = ImageTensors.gather(images, supportIdx, 0, supportIdx.length, manager, dataType);
        NDArray ys = manager.create(supportLabels);
        NDArray xq = ImageTensors.gather(images, queryIdx, 0, queryIdx.length, manager, dataType);
        NDArray yq = manager.create(queryLabels);
        return new Episode(xs, ys, xq, yq, ways, chosen);
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
