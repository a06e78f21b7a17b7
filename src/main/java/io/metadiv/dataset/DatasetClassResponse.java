package io.metadiv.dataset;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One class of a dataset.
 *
 * @param label the integer label used in the tensors
 * @param name folder path (ZIP) or label value (IDX)
 * @param images images in the class
 */
@Schema(name = "DatasetClass")
record DatasetClassResponse(int label, String name, int images) {
}
