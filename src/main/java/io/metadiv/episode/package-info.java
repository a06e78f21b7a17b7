/**
 * Few-shot episodes over an {@link io.metadiv.episode.ImageSet}: deterministic class splits
 * ({@link io.metadiv.episode.ClassSplit}), seeded N-way K-shot Q-query episodes
 * ({@link io.metadiv.episode.EpisodeSampler}) and plain supervised batches for pre-training
 * ({@link io.metadiv.episode.BatchSampler}).
 *
 * <p>Pure Java + DJL: no Spring. Pixels go from the image set's uint8 buffer straight into one tensor per
 * episode; no image decoding happens here. Every sampler is driven by a {@link io.metadiv.episode.SeededRandom}
 * whose whole state is one {@code long}, so a checkpoint can restore the stream exactly.
 */
package io.metadiv.episode;
