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
 * @param parentId the dataset a subset was derived from (null for uploads)
 * @param selection how the subset was chosen (null for uploads)
 */
@Schema(name = "Dataset")
record DatasetResponse(UUID id, String name, DatasetFormat format, int classes, int images,
        ImagesPerClass imagesPerClass, int imageSize, int channels, long uploadBytes, long blobBytes, String checksum,
        Instant createdAt, UUID parentId, Selection selection) {

    /** Class size statistics. */
    record ImagesPerClass(int min, double median, int max) {
    }

    static DatasetResponse of(Dataset d) {
        return new DatasetResponse(d.getId(), d.getName(), d.getFormat(), d.getClassCount(), d.getImageCount(),
                new ImagesPerClass(d.getMinImagesPerClass(), d.getMedianImagesPerClass(), d.getMaxImagesPerClass()),
                d.getImageSize(), d.getChannels(), d.getUploadBytes(), d.getBlobBytes(), d.getChecksum(),
                d.getCreatedAt(), d.getParentId(), d.getSelection() == null ? null
                        : Subsets.JSON.readValue(d.getSelection(), Selection.class));
    }
}
