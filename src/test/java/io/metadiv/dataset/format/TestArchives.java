package io.metadiv.dataset.format;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Small generated uploads: images, ZIP archives in image-folder layout and IDX files. */
public final class TestArchives {

    private TestArchives() {
    }

    /** An RGB image of seeded noise in the given format ("png", "jpeg", "bmp", "gif"). */
    public static byte[] image(String format, int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] png(long seed) {
        return image("png", 28, 28, seed);
    }

    /** A ZIP of the given entries, in insertion order; names ending in '/' become folders. */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Entries {@code <prefix>class<c>/img<i>.png} of seeded noise; {@code seed} makes the content distinct. */
    public static Map<String, byte[]> imageFolder(String prefix, int classes, int perClass, long seed) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                entries.put(prefix + "class" + c + "/img" + i + ".png", png(seed * 1_000 + c * 100L + i));
            }
        }
        return entries;
    }

    /** An IDX ubyte image file of n seeded h×w images. */
    public static byte[] idxImages(int n, int h, int w, long seed, boolean gzip) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + n * h * w);
        buffer.putInt(0x803).putInt(n).putInt(h).putInt(w);
        byte[] pixels = new byte[n * h * w];
        new Random(seed).nextBytes(pixels);
        buffer.put(pixels);
        return maybeGzip(buffer.array(), gzip);
    }

    /** An IDX ubyte label file. */
    public static byte[] idxLabels(int[] labels, boolean gzip) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length);
        buffer.putInt(0x801).putInt(labels.length);
        for (int label : labels) {
            buffer.put((byte) label);
        }
        return maybeGzip(buffer.array(), gzip);
    }

    /** Labels 0,1,…,classes-1 repeated to length n. */
    public static int[] roundRobin(int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        return labels;
    }

    private static byte[] maybeGzip(byte[] bytes, boolean gzip) {
        if (!gzip) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
