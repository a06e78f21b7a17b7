package io.metadiv.episode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A labelled image collection held as raw tensors: the hand-over point between the dataset store and
 * the ML core (episode sampling never decodes images).
 *
 * @param pixels uint8 pixels, layout N×C×H×W (row-major), length {@code size()*channels*height*width}
 * @param labels class index per image, each in {@code [0, classNames.size())}
 * @param classNames class names; the index is the label
 * @param channels C (1 = grey, 3 = RGB)
 * @param height H in pixels
 * @param width W in pixels
 */
public record ImageSet(byte[] pixels, int[] labels, List<String> classNames, int channels, int height, int width) {

    /** Checks that shapes agree so a bad blob fails here, not deep inside a training step. */
    public ImageSet {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        classNames = List.copyOf(classNames);
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("channels, height and width must be positive");
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    "pixels has " + pixels.length + " bytes, expected " + expected + " for " + labels.length
                            + " images of " + channels + "x" + height + "x" + width);
        }
        for (int label : labels) {
            if (label < 0 || label >= classNames.size()) {
                throw new IllegalArgumentException("label " + label + " outside [0," + classNames.size() + ")");
            }
        }
    }

    /** Number of images N. */
    public int size() {
        return labels.length;
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** Bytes per image (C·H·W). */
    public int imageBytes() {
        return channels * height * width;
    }

    /** Image indices of every class, in storage order: {@code result.get(c)} lists the images of class c. */
    public List<int[]> indicesByClass() {
        int[] counts = new int[numClasses()];
        for (int label : labels) {
            counts[label]++;
        }
        List<int[]> byClass = new ArrayList<>(numClasses());
        for (int count : counts) {
            byClass.add(new int[count]);
        }
        int[] fill = new int[numClasses()];
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i])[fill[labels[i]]++] = i;
        }
        return byClass;
    }
}
