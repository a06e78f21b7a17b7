package io.metadiv.dataset.format;

/**
 * What an ingest produces and the limits it enforces while reading untrusted archives.
 *
 * @param imageSize side of the square output images in pixels (H = W)
 * @param channels 1 (grey) or 3 (RGB)
 * @param maxUncompressedBytes ceiling on the bytes inflated from an archive or IDX pair (zip-bomb guard)
 * @param maxEntries ceiling on the number of entries in an archive, folders included
 * @param maxImagePixels ceiling on width × height of one decoded image (decompression-bomb guard)
 */
public record IngestOptions(int imageSize, int channels, long maxUncompressedBytes, int maxEntries,
        long maxImagePixels) {

    /** Output side used when the caller does not choose one (MNIST-sized). */
    public static final int DEFAULT_IMAGE_SIZE = 28;
    /** Grey unless the caller asks for RGB. */
    public static final int DEFAULT_CHANNELS = 1;
    /** Smallest and largest accepted output side. */
    public static final int MIN_IMAGE_SIZE = 4;
    public static final int MAX_IMAGE_SIZE = 256;
    /** 2 GiB inflated at most. */
    public static final long DEFAULT_MAX_UNCOMPRESSED_BYTES = 2L << 30;
    public static final int DEFAULT_MAX_ENTRIES = 200_000;
    /** 4096 × 4096. */
    public static final long DEFAULT_MAX_IMAGE_PIXELS = 4096L * 4096L;

    /** Rejects settings no reader can honour. */
    public IngestOptions {
        if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException(
                    "imageSize must be in [" + MIN_IMAGE_SIZE + ", " + MAX_IMAGE_SIZE + "], was " + imageSize);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), was " + channels);
        }
        if (maxUncompressedBytes < 1 || maxEntries < 1 || maxImagePixels < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** Options with the default limits. */
    public static IngestOptions of(int imageSize, int channels) {
        return new IngestOptions(imageSize, channels, DEFAULT_MAX_UNCOMPRESSED_BYTES, DEFAULT_MAX_ENTRIES,
                DEFAULT_MAX_IMAGE_PIXELS);
    }

    /** Bytes of one output image (C·H·W). */
    public int imageBytes() {
        return channels * imageSize * imageSize;
    }
}
