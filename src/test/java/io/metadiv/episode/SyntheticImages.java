package io.metadiv.episode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test fixture: a generated image set with learnable structure (per-class prototype + pixel noise). */
public final class SyntheticImages {

    private static final int NOISE = 60;
    private static final int FULL = 255;

    private SyntheticImages() {
    }

    /**
     * Each class has a seeded random binary-ish prototype of bright blocks; every image is its prototype plus
     * uniform noise, clipped to uint8.
     *
     * @param classes number of classes
     * @param perClass images per class
     * @param size height = width
     * @param seed generator seed
     * @return the image set (1 channel)
     */
    public static ImageSet generate(int classes, int perClass, int size, long seed) {
        Random random = new Random(seed);
        int per = size * size;
        int block = 4;
        int[][] prototypes = new int[classes][per];
        for (int c = 0; c < classes; c++) {
            for (int by = 0; by < size; by += block) {
                for (int bx = 0; bx < size; bx += block) {
                    int value = random.nextBoolean() ? FULL - NOISE : 0;
                    for (int y = by; y < Math.min(size, by + block); y++) {
                        for (int x = bx; x < Math.min(size, bx + block); x++) {
                            prototypes[c][y * size + x] = value;
                        }
                    }
                }
            }
        }
        byte[] pixels = new byte[classes * perClass * per];
        int[] labels = new int[classes * perClass];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class-" + c);
        }
        int n = 0;
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < classes; c++) {
                labels[n] = c;
                for (int p = 0; p < per; p++) {
                    pixels[n * per + p] = (byte) Math.min(FULL, prototypes[c][p] + random.nextInt(NOISE));
                }
                n++;
            }
        }
        return new ImageSet(pixels, labels, names, 1, size, size);
    }
}
