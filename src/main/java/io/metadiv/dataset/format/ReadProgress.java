package io.metadiv.dataset.format;

/** Told after each ZIP entry or IDX image read, so a long ingest can report how far it got. */
@FunctionalInterface
public interface ReadProgress {

    /** Reports nothing. */
    ReadProgress NONE = (done, total) -> { };

    /**
     * @param done entries (ZIP) or images (IDX) read so far
     * @param total how many there are (a ZIP's central directory count, at least {@code done})
     */
    void read(int done, int total);
}
