package io.metadiv.study;

import io.metadiv.dataset.format.TestArchives;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * ZIPs of grey gratings whose classes come from a chosen number of families: a family is a grating (orientation,
 * frequency); its classes are small variations of it. Classes from one family look alike (low diversity), classes
 * from as many families as classes differ (high diversity).
 */
public final class FamilyDatasets {

    private static final int SIZE = 16;

    private FamilyDatasets() {
    }

    /** {@code classes} classes of {@code perClass} images, drawn round-robin from {@code families} families. */
    static byte[] zip(int families, int classes, int perClass, long seed) {
        return TestArchives.zip(entries(families, classes, perClass, seed));
    }

    /** The entries of {@link #zip(int, int, int, long)}: {@code family<f>/class<c>/img<i>.png}. */
    public static Map<String, byte[]> entries(int families, int classes, int perClass, long seed) {
        int[] familyOf = new int[classes];
        for (int c = 0; c < classes; c++) {
            familyOf[c] = c % families;
        }
        return entries(families, familyOf, perClass, seed);
    }

    /**
     * One class per entry of {@code familyOf}, of {@code perClass} images, class c from family {@code familyOf[c]},
     * stored as {@code family<f>/class<c>/}.
     */
    public static byte[] zip(int families, int[] familyOf, int perClass, long seed) {
        return TestArchives.zip(entries(families, familyOf, perClass, seed));
    }

    private static Map<String, byte[]> entries(int families, int[] familyOf, int perClass, long seed) {
        Random random = new Random(seed);
        double[][] family = new double[families][];
        for (int f = 0; f < families; f++) {
            family[f] = new double[] {random.nextDouble() * Math.PI, 1 + random.nextDouble() * 4};
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int c = 0; c < familyOf.length; c++) {
            double[] base = family[familyOf[c]];
            double angle = base[0] + 0.08 * random.nextGaussian();
            double cycles = base[1] + 0.15 * random.nextGaussian();
            for (int i = 0; i < perClass; i++) {
                entries.put("family" + familyOf[c] + "/class" + c + "/img" + i + ".png",
                        png(angle, cycles, random.nextDouble() * 2 * Math.PI, random));
            }
        }
        return entries;
    }

    private static byte[] png(double angle, double cycles, double phase, Random random) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        double fx = Math.cos(angle) * cycles * 2 * Math.PI / SIZE;
        double fy = Math.sin(angle) * cycles * 2 * Math.PI / SIZE;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double v = 128 + 90 * Math.sin(fx * x + fy * y + phase) + 12 * random.nextGaussian();
                image.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, Math.round(v))));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
