package io.metadiv.episode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Builds one float tensor from selected images of an {@link ImageSet}, scaling uint8 by 1/255. */
final class ImageTensors {

    private static final float UINT8_MAX = 255f;
    private static final int UNSIGNED_MASK = 0xFF;

    private ImageTensors() {
    }

    /**
     * Gathers images {@code index[from..to)} into a tensor [to-from, C, H, W] of the given type.
     *
     * @param images the image set
     * @param index image indices
     * @param from first position in {@code index}
     * @param to end position (exclusive)
     * @param manager owner of the result
     * @param dataType {@link DataType#FLOAT32} or {@link DataType#FLOAT64}
     */
    static NDArray gather(ImageSet images, int[] index, int from, int to, NDManager manager, DataType dataType) {
        int per = images.imageBytes();
        int count = to - from;
        Shape shape = new Shape(count, images.channels(), images.height(), images.width());
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
            throw new IllegalArgumentException("images can be FLOAT32 or FLOAT64, not " + dataType);
        }
        byte[] pixels = images.pixels();
        float[] out = new float[count * per];
        for (int i = 0; i < count; i++) {
            int src = index[from + i] * per;
            int dst = i * per;
            for (int p = 0; p < per; p++) {
                out[dst + p] = (pixels[src + p] & UNSIGNED_MASK) / UINT8_MAX;
            }
        }
        NDArray floats = manager.create(out, shape);
        if (dataType == DataType.FLOAT32) {
            return floats;
        }
        try (floats) {
            return floats.toType(dataType, true);
        }
    }
}
