package io.metadiv.dataset;

/** How a dataset was uploaded. */
public enum DatasetFormat {
    /** A ZIP archive with one folder of images per class. */
    ZIP_IMAGE_FOLDER,
    /** An IDX image file plus an IDX label file (MNIST layout). */
    IDX,
    /** A subset of another dataset's classes and images ({@code POST /api/v1/datasets/{id}/subsets}). */
    SUBSET,
    /** Another dataset plus added images and classes ({@code POST /api/v1/datasets/{id}/versions}). */
    VERSION
}
