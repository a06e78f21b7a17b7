package io.metadiv.dataset.format;

/**
 * Separable resize of planar float images to a square uint8 image: area averaging when shrinking (every source
 * pixel contributes in proportion to its overlap, so thin strokes do not vanish) and bilinear when enlarging.
 */
final class Resampler {

    private Resampler() {
    }

    /**
     * Resizes C planes of srcH×srcW values in [0, 255] to C planes of size×size bytes.
     *
     * @param planes source pixels, layout C×srcH×srcW
     * @param out destination, layout C×size×size, written from {@code offset}
     */
    static void resize(float[] planes, int channels, int srcH, int srcW, int size, byte[] out, int offset) {
        Axis horizontal = Axis.of(srcW, size);
        Axis vertical = Axis.of(srcH, size);
        float[] rows = new float[srcH * size];
        for (int c = 0; c < channels; c++) {
            int plane = c * srcH * srcW;
            for (int y = 0; y < srcH; y++) {
                horizontal.apply(planes, plane + y * srcW, 1, rows, y * size, 1);
            }
            float[] column = new float[size];
            for (int x = 0; x < size; x++) {
                vertical.apply(rows, x, size, column, 0, 1);
                for (int y = 0; y < size; y++) {
                    out[offset + c * size * size + y * size + x] = toByte(column[y]);
                }
            }
        }
    }

    private static byte toByte(float value) {
        int rounded = Math.round(value);
        return (byte) Math.max(0, Math.min(255, rounded));
    }

    /** Weights that map one axis of length {@code from} to length {@code to}. */
    private record Axis(int[] first, float[][] weights) {

        static Axis of(int from, int to) {
            int[] first = new int[to];
            float[][] weights = new float[to][];
            double scale = (double) from / to;
            for (int o = 0; o < to; o++) {
                if (scale >= 1) {
                    double start = o * scale;
                    double end = start + scale;
                    int lo = (int) Math.floor(start);
                    int hi = Math.min(from, (int) Math.ceil(end - 1e-9));
                    first[o] = lo;
                    weights[o] = new float[hi - lo];
                    for (int i = lo; i < hi; i++) {
                        weights[o][i - lo] = (float) ((Math.min(end, i + 1) - Math.max(start, i)) / scale);
                    }
                } else {
                    double x = (o + 0.5) * scale - 0.5;
                    int lo = (int) Math.floor(x);
                    double frac = x - lo;
                    int a = Math.max(0, lo);
                    int b = Math.min(from - 1, lo + 1);
                    if (a == b) {
                        first[o] = a;
                        weights[o] = new float[] {1f};
                    } else {
                        first[o] = a;
                        weights[o] = new float[] {(float) (1 - frac), (float) frac};
                    }
                }
            }
            return new Axis(first, weights);
        }

        void apply(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride) {
            for (int o = 0; o < first.length; o++) {
                float[] w = weights[o];
                int base = srcOffset + first[o] * srcStride;
                float sum = 0;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * src[base + k * srcStride];
                }
                dst[dstOffset + o * dstStride] = sum;
            }
        }
    }
}
