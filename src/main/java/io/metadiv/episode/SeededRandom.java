package io.metadiv.episode;

/**
 * A small seeded pseudo-random generator (SplitMix64) whose entire state is one {@code long}, so samplers can
 * be checkpointed and resumed exactly. Not thread-safe; one instance per sampler.
 */
public final class SeededRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long MIX_1 = 0xBF58476D1CE4E5B9L;
    private static final long MIX_2 = 0x94D049BB133111EBL;
    private static final int DOUBLE_BITS = 53;

    private long state;

    /**
     * Creates a generator.
     *
     * @param seed any value; equal seeds give equal streams
     */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** Next uniformly distributed 64-bit value. */
    public long nextLong() {
        long z = state += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * MIX_1;
        z = (z ^ (z >>> 27)) * MIX_2;
        return z ^ (z >>> 31);
    }

    /**
     * Uniform integer in {@code [0, bound)}, without modulo bias.
     *
     * @param bound exclusive upper bound, positive
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int bits;
        int value;
        do {
            bits = (int) (nextLong() >>> (Long.SIZE - Integer.SIZE + 1));
            value = bits % bound;
        } while (bits - value + (bound - 1) < 0);
        return value;
    }

    /** Uniform double in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> (Long.SIZE - DOUBLE_BITS)) * 0x1.0p-53;
    }

    /**
     * Moves the first {@code count} entries of {@code values} to a uniform random sample without replacement
     * (partial Fisher-Yates); the rest of the array holds the remaining values.
     *
     * @param values values to permute in place
     * @param count how many to draw, at most {@code values.length}
     */
    public void partialShuffle(int[] values, int count) {
        for (int i = 0; i < count; i++) {
            int j = i + nextInt(values.length - i);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
    }

    /** The generator state, for checkpoints ({@link #restore(long)} returns to it). */
    public long state() {
        return state;
    }

    /**
     * Restores a state captured by {@link #state()}.
     *
     * @param savedState the saved state
     */
    public void restore(long savedState) {
        this.state = savedState;
    }
}
