package io.metadiv.dataset.format;

/**
 * The upload is of a known format but its content cannot become a dataset: a corrupt or non-image entry, an unsafe
 * path, a limit exceeded, too few classes or images, mismatched IDX counts.
 */
public class InvalidContentException extends RuntimeException {

    private final String entry;

    /** A problem with the upload as a whole. */
    public InvalidContentException(String message) {
        this(message, null, null);
    }

    /**
     * A problem with one entry.
     *
     * @param entry the archive entry or IDX part at fault, or null when none is
     */
    public InvalidContentException(String message, String entry, Throwable cause) {
        super(message, cause);
        this.entry = entry;
    }

    /** The archive entry or part at fault, or null. */
    public String entry() {
        return entry;
    }
}
