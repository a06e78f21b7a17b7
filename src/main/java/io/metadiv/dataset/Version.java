package io.metadiv.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What a version added to its parent ({@code POST /api/v1/datasets/{id}/versions}). The parent's images come first in
 * the version, byte for byte and in the parent's order; the added ones follow.
 *
 * @param addedImages images the version added
 * @param addedClasses classes the parent did not have, in the version's label order
 * @param extendedClasses classes of the parent that received images, in label order
 */
@Schema(name = "DatasetVersion", description = "What a version added to its parent")
public record Version(int addedImages, List<String> addedClasses, List<String> extendedClasses) {

    public Version {
        addedClasses = List.copyOf(addedClasses);
        extendedClasses = List.copyOf(extendedClasses);
    }
}
