package io.metadiv.dataset;

import io.metadiv.episode.ImageSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Subsets for other features (equalised studies): what a selection would keep, and the subset as a dataset. */
@Service
public class DatasetSubsets {

    private final DatasetIngest ingest;
    private final DatasetTensors tensors;

    DatasetSubsets(DatasetIngest ingest, DatasetTensors tensors) {
        this.ingest = ingest;
        this.tensors = tensors;
    }

    /** The images the selection keeps, in memory only (nothing stored). */
    public ImageSet preview(UUID parentId, Selection selection) {
        return Subsets.select(tensors.load(parentId), selection);
    }

    /** The images the selection keeps of images already loaded (nothing stored). */
    public ImageSet select(ImageSet parent, Selection selection) {
        return Subsets.select(parent, selection);
    }

    /** The subset as a dataset (the existing one when its content is already stored); joins the caller's transaction. */
    public UUID derive(UUID parentId, String name, Selection selection) {
        try {
            return ingest.derive(parentId, name, selection).dataset().getId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
