package io.metadiv.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Content-addressed storage of tensor blobs, keyed by their lower-case hex SHA-256. Implementations join the
 * surrounding Spring transaction where they can, so a dataset row and its blob appear and disappear together.
 */
public interface BlobStore {

    /**
     * Stores the file's bytes under {@code checksum}; a no-op when that checksum is already stored.
     *
     * @param bytes the file's length
     */
    void put(String checksum, Path file, long bytes) throws IOException;

    /** Opens the blob; the caller closes the stream. */
    InputStream open(String checksum) throws IOException;

    /** Whether a blob is stored under {@code checksum}. */
    boolean exists(String checksum);

    /** Removes the blob if present. */
    void delete(String checksum) throws IOException;

    /** Number of stored blobs (for operators and tests). */
    long count() throws IOException;
}
