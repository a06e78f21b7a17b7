package io.metadiv.diversity;

import io.metadiv.episode.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test fixture: datasets of known diversity. {@link #diverse} gives every class its own image statistics (a
 * sinusoidal grating with a class-specific frequency, orientation, brightness and contrast; random phase and pixel
 * noise per image); {@link #degenerate} makes every class a lightly-noised copy of the same images.
 */
final class PatternImages {

    private static final int FULL = 255;
    private static final double MIN_CYCLES = 0.5;
    private static final double MAX_CYCLES = 6;
    private static final int PIXEL_NOISE = 20;
    private static final int COPY_NOISE = 4;

    private PatternImages() {
    }

    /** Classes with genuinely different gratings. */
    static ImageSet diverse(int classes, int perClass, int size, long seed) {
        Random random = new Random(seed);
        int per = size * size;
        byte[] pixels = new byte[classes * perClass * per];
        int[] labels = new int[classes * perClass];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("grating-" + c);
            double cycles = MIN_CYCLES + random.nextDouble() * (MAX_CYCLES - MIN_CYCLES);
            double angle = random.nextDouble() * Math.PI;
            double brightness = 0.2 + 0.6 * random.nextDouble();
            double contrast = 0.1 + 0.4 * random.nextDouble();
            double fx = Math.cos(angle) * cycles * 2 * Math.PI / size;
            double fy = Math.sin(angle) * cycles * 2 * Math.PI / size;
            for (int i = 0; i < perClass; i++) {
                int n = c * perClass + i;
                labels[n] = c;
                double phase = random.nextDouble() * 2 * Math.PI;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double v = brightness + contrast * Math.sin(fx * x + fy * y + phase);
                        int g = (int) Math.round(v * FULL) + random.nextInt(2 * PIXEL_NOISE + 1) - PIXEL_NOISE;
                        pixels[n * per + y * size + x] = (byte) Math.max(0, Math.min(FULL, g));
                    }
                }
            }
        }
        return new ImageSet(pixels, labels, names, 1, size, size);
    }

    /**
     * Every class = the first {@code perClass} images of {@code source} plus ±{@value #COPY_NOISE} grey levels of
     * noise, class c brightened by {@code c·tint} grey levels (a faint tint keeps the labels learnable: with
     * unlearnable labels the head, and so the Fisher's direction, is fitted to noise).
     */
    static ImageSet degenerate(ImageSet source, int classes, int perClass, long seed, int tint) {
        Random random = new Random(seed);
        int per = source.imageBytes();
        byte[] pixels = new byte[classes * perClass * per];
        int[] labels = new int[classes * perClass];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("copy-" + c);
            for (int i = 0; i < perClass; i++) {
                int dst = (c * perClass + i) * per;
                labels[c * perClass + i] = c;
                for (int p = 0; p < per; p++) {
                    int v = (source.pixels()[i * per + p] & FULL) + c * tint + random.nextInt(2 * COPY_NOISE + 1) - COPY_NOISE;
                    pixels[dst + p] = (byte) Math.max(0, Math.min(FULL, v));
                }
            }
        }
        return new ImageSet(pixels, labels, names, 1, source.height(), source.width());
    }
}
