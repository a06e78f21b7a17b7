package io.metadiv.episode;

/** A sampler whose whole position in its random stream is one {@code long}, so checkpoints can restore it. */
public interface SeededStream {

    /** The generator state after everything drawn so far. */
    long rngState();

    /**
     * Continues the stream from a state captured by {@link #rngState()}.
     *
     * @param state saved generator state
     */
    void restoreRngState(long state);
}
