package io.metadiv.dataset;

import io.metadiv.episode.ImageSet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** Renders a PNG grid of sample images: one row per class (the first classes), the first images of each. */
final class DatasetPreview {

    /** Cells are enlarged to at least this many pixels so 28×28 images stay legible. */
    private static final int MIN_CELL = 56;
    private static final int GAP = 2;
    private static final int BACKGROUND = 0x808080;

    private DatasetPreview() {
    }

    static byte[] png(ImageSet images, int classes, int perClass) {
        int rows = Math.min(classes, images.numClasses());
        List<int[]> byClass = images.indicesByClass();
        int size = images.height();
        int scale = Math.max(1, (MIN_CELL + size - 1) / size);
        int cell = size * scale;
        int columns = Math.max(1, Math.min(perClass, byClass.stream().mapToInt(a -> a.length).max().orElse(1)));
        BufferedImage grid = new BufferedImage(GAP + columns * (cell + GAP), GAP + rows * (cell + GAP),
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                grid.setRGB(x, y, BACKGROUND);
            }
        }
        for (int row = 0; row < rows; row++) {
            int[] members = byClass.get(row);
            for (int col = 0; col < Math.min(columns, members.length); col++) {
                draw(images, members[col], scale, grid, GAP + col * (cell + GAP), GAP + row * (cell + GAP));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static void draw(ImageSet images, int index, int scale, BufferedImage grid, int left, int top) {
        int h = images.height();
        int w = images.width();
        int plane = h * w;
        int base = index * images.imageBytes();
        byte[] p = images.pixels();
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int i = base + (y / scale) * w + x / scale;
                int r = p[i] & 0xff;
                int rgb = images.channels() == 1 ? r << 16 | r << 8 | r
                        : r << 16 | (p[i + plane] & 0xff) << 8 | p[i + 2 * plane] & 0xff;
                grid.setRGB(left + x, top + y, rgb);
            }
        }
    }
}
