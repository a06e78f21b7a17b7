package io.metadiv.diversity;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A PNG heat map of a T×T distance matrix: one square of {@code cell} pixels per pair, dark blue for 0 through
 * yellow for the largest distance in the matrix (row i = task i, top to bottom).
 */
public final class DistanceHeatmap {

    /** Default cell size in pixels. */
    public static final int DEFAULT_CELL = 16;
    private static final int MAX_PIXELS = 2048;
    private static final int CHANNEL = 255;

    private DistanceHeatmap() {
    }

    /**
     * Renders the matrix.
     *
     * @param distances square matrix, non-negative
     * @param cell pixels per cell (reduced so the image stays within 2048 px)
     * @return PNG bytes
     */
    public static byte[] png(double[][] distances, int cell) {
        int t = distances.length;
        if (t == 0) {
            throw new IllegalArgumentException("empty distance matrix");
        }
        int size = Math.max(1, Math.min(cell, MAX_PIXELS / t));
        double max = 0;
        for (double[] row : distances) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        BufferedImage image = new BufferedImage(t * size, t * size, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                int rgb = colour(max > 0 ? distances[i][j] / max : 0);
                for (int y = i * size; y < (i + 1) * size; y++) {
                    for (int x = j * size; x < (j + 1) * size; x++) {
                        image.setRGB(x, y, rgb);
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the heat map", e);
        }
        return out.toByteArray();
    }

    /** Dark blue (0) → teal → yellow (1). */
    private static int colour(double v) {
        double u = Math.max(0, Math.min(1, v));
        int r = (int) Math.round(CHANNEL * u);
        int g = (int) Math.round(CHANNEL * (0.1 + 0.8 * u));
        int b = (int) Math.round(CHANNEL * (0.5 * (1 - u) + 0.1));
        return (r << 16) | (g << 8) | b;
    }
}
