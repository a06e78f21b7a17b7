package io.metadiv.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * A dataset as the API shows it.
 *
 * @param classes number of classes
 * @param images number of images
 * @param imageSize side of the square images in pixels
 * @param checksum SHA-256 of the stored tensor blob (identical content, identical checksum)
 * @param format how it was made: an upload (ZIP_IMAGE_FOLDER, IDX), a SUBSET or a VERSION of its parent
 * @param parentId the dataset a subset or version was derived from (null for uploads)
 * @param selection how a subset was chosen (null otherwise)
 * @param version what a version added to its parent (null otherwise)
 */
@Schema(name = "Dataset")
record DatasetResponse(UUID id, String name, DatasetFormat format, int classes, int images,
        ImagesPerClass imagesPerClass, int imageSize, int channels, long uploadBytes, long blobBytes, String checksum,
        Instant createdAt, UUID parentId, Selection selection, Version version) {

    /** Class size statistics. */
    record ImagesPerClass(int min, double median, int max) {
    }

    static DatasetResponse of(Dataset d) {
        return new DatasetResponse(d.getId(), d.getName(), d.getFormat(), d.getClassCount(), d.getImageCount(),
                new ImagesPerClass(d.getMinImagesPerClass(), d.getMedianImagesPerClass(), d.getMaxImagesPerClass()),
                d.getImageSize(), d.getChannels(), d.getUploadBytes(), d.getBlobBytes(), d.getChecksum(),
                d.getCreatedAt(), d.getParentId(), d.getFormat() != DatasetFormat.SUBSET ? null
                        : Subsets.JSON.readValue(d.getSelection(), Selection.class),
                d.getFormat() == DatasetFormat.VERSION ? Versions.read(d.getSelection()) : null);
    }
}
