package io.metadiv.episode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A selection of a dataset's classes and images: some classes (in the parent's label order), each capped at a number
 * of images drawn with a seed. Pixels are copied byte for byte from the parent, never decoded again.
 */
public final class Subset {

    /** A class needs this many images to be sampled at all (one support and one query). */
    public static final int MIN_IMAGES_PER_CLASS = 2;

    private Subset() {
    }

    /**
     * Classes chosen at random.
     *
     * @return {@code k} distinct labels of {@code numClasses}, in ascending order
     */
    public static List<Integer> randomClasses(int numClasses, int k, long seed) {
        if (k < EpisodeSampler.MIN_WAYS || k > numClasses) {
            throw new IllegalArgumentException("k must be in [" + EpisodeSampler.MIN_WAYS + ", " + numClasses
                    + "], got " + k);
        }
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            labels.add(c);
        }
        java.util.Collections.shuffle(labels, new Random(seed));
        List<Integer> chosen = new ArrayList<>(labels.subList(0, k));
        chosen.sort(null);
        return chosen;
    }

    /**
     * The images of {@code classes} (labels of {@code parent}, relabelled 0..n-1 in the order given), each class
     * capped at {@code maxPerClass} images drawn with {@code seed} (kept in storage order); 0 keeps them all.
     */
    public static ImageSet of(ImageSet parent, List<Integer> classes, int maxPerClass, long seed) {
        return of(parent, classes, maxPerClass, seed, java.util.Set.of());
    }

    /**
     * As {@link #of(ImageSet, List, int, long)}, but the classes in {@code uncapped} keep every image (held-out
     * evaluation classes stay the same whatever the cap; their images take no random draws).
     */
    public static ImageSet of(ImageSet parent, List<Integer> classes, int maxPerClass, long seed,
            java.util.Set<Integer> uncapped) {
        int[] ordered = classes.stream().mapToInt(Integer::intValue).distinct().toArray();
        if (ordered.length < EpisodeSampler.MIN_WAYS) {
            throw new IllegalArgumentException("a subset needs at least " + EpisodeSampler.MIN_WAYS + " classes, got "
                    + ordered.length);
        }
        if (maxPerClass != 0 && maxPerClass < MIN_IMAGES_PER_CLASS) {
            throw new IllegalArgumentException("imagesPerClass must be 0 (all) or at least " + MIN_IMAGES_PER_CLASS
                    + ", got " + maxPerClass);
        }
        List<int[]> byClass = parent.indicesByClass();
        Random random = new Random(seed);
        List<int[]> kept = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int total = 0;
        for (int label : ordered) {
            if (label < 0 || label >= parent.numClasses()) {
                throw new IllegalArgumentException("class " + label + " outside [0, " + parent.numClasses() + ")");
            }
            int[] images = byClass.get(label).clone();
            if (maxPerClass != 0 && images.length > maxPerClass && !uncapped.contains(label)) {
                for (int i = images.length - 1; i > 0; i--) { // Fisher-Yates, then the first maxPerClass
                    int j = random.nextInt(i + 1);
                    int t = images[i];
                    images[i] = images[j];
                    images[j] = t;
                }
                images = Arrays.copyOf(images, maxPerClass);
                Arrays.sort(images);
            }
            kept.add(images);
            names.add(parent.classNames().get(label));
            total += images.length;
        }
        int bytes = parent.imageBytes();
        byte[] pixels = new byte[total * bytes];
        int[] labels = new int[total];
        int n = 0;
        for (int c = 0; c < kept.size(); c++) {
            for (int image : kept.get(c)) {
                System.arraycopy(parent.pixels(), image * bytes, pixels, n * bytes, bytes);
                labels[n++] = c;
            }
        }
        return new ImageSet(pixels, labels, names, parent.channels(), parent.height(), parent.width());
    }
}
