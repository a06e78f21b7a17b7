package io.metadiv.dataset.format;

/** The bytes are not of a supported format at all (not a ZIP archive, not an IDX file). */
public class UnknownContentException extends RuntimeException {

    /** Says what was expected and, where known, which part was wrong. */
    public UnknownContentException(String message) {
        super(message);
    }
}
