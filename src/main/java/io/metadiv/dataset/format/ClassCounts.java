package io.metadiv.dataset.format;

import java.util.Arrays;
import java.util.List;

/** Images per class of a dataset, with the minimum every trainable dataset must meet. */
public final class ClassCounts {

    /** Fewest classes an N-way episode can be drawn from. */
    public static final int MIN_CLASSES = 2;
    /** Fewest images per class: one support and one query image. */
    public static final int MIN_IMAGES_PER_CLASS = 2;

    private final int[] counts;

    private ClassCounts(int[] counts) {
        this.counts = counts;
    }

    /** Counts the labels (each in [0, numClasses)). */
    public static ClassCounts of(int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return new ClassCounts(counts);
    }

    /** Images of class {@code label}. */
    public int count(int label) {
        return counts[label];
    }

    /** Number of classes. */
    public int classes() {
        return counts.length;
    }

    /** Smallest class size. */
    public int min() {
        return Arrays.stream(counts).min().orElse(0);
    }

    /** Largest class size. */
    public int max() {
        return Arrays.stream(counts).max().orElse(0);
    }

    /** Median class size (mean of the two middle classes when the number of classes is even). */
    public double median() {
        if (counts.length == 0) {
            return 0;
        }
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /**
     * Fails unless there are at least {@link #MIN_CLASSES} classes of at least {@link #MIN_IMAGES_PER_CLASS} images.
     *
     * @param names class names, index = label, used to say which class is too small
     * @throws InvalidContentException naming the first class that is too small
     */
    public void requireTrainable(List<String> names) {
        if (counts.length < MIN_CLASSES) {
            throw new InvalidContentException("Found " + counts.length + " class(es); a dataset needs at least "
                    + MIN_CLASSES);
        }
        for (int label = 0; label < counts.length; label++) {
            if (counts[label] < MIN_IMAGES_PER_CLASS) {
                throw new InvalidContentException("Class '" + names.get(label) + "' has " + counts[label]
                        + " image(s); every class needs at least " + MIN_IMAGES_PER_CLASS, names.get(label), null);
            }
        }
    }
}
