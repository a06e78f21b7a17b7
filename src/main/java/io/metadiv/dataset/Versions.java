package io.metadiv.dataset;

import io.metadiv.dataset.format.ClassCounts;
import io.metadiv.episode.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Appends images to a dataset: the parent's pixels and labels stay a byte-identical prefix (sliced, not decoded
 * again), the added images follow; a class of the parent is matched by its exact name, any other class is new and
 * takes the next label.
 */
final class Versions {

    private Versions() {
    }

    /**
     * A version's images and what it added.
     *
     * @param images the parent's images followed by the added ones
     */
    record Appended(ImageSet images, Version version) {
    }

    /**
     * @param parent the dataset's images
     * @param added images of the parent's shape (the same options read them)
     * @throws io.metadiv.dataset.format.InvalidContentException when the result is not trainable (a new class of
     *     one image), naming that class
     */
    static Appended append(ImageSet parent, ImageSet added) {
        if (added.channels() != parent.channels() || added.height() != parent.height()
                || added.width() != parent.width()) {
            throw new IllegalArgumentException("added images are " + added.channels() + "x" + added.height() + "x"
                    + added.width() + ", the parent's " + parent.channels() + "x" + parent.height() + "x"
                    + parent.width());
        }
        List<String> names = new ArrayList<>(parent.classNames());
        int[] labelOf = new int[added.numClasses()];
        List<String> addedClasses = new ArrayList<>();
        for (int c = 0; c < added.numClasses(); c++) {
            String name = added.classNames().get(c);
            int label = names.indexOf(name);
            if (label < 0) {
                label = names.size();
                names.add(name);
                addedClasses.add(name);
            }
            labelOf[c] = label;
        }
        int n = parent.size();
        int[] labels = new int[n + added.size()];
        System.arraycopy(parent.labels(), 0, labels, 0, n);
        Set<Integer> extended = new TreeSet<>();
        for (int i = 0; i < added.size(); i++) {
            labels[n + i] = labelOf[added.labels()[i]];
            if (labels[n + i] < parent.numClasses()) {
                extended.add(labels[n + i]);
            }
        }
        byte[] pixels = new byte[parent.pixels().length + added.pixels().length];
        System.arraycopy(parent.pixels(), 0, pixels, 0, parent.pixels().length);
        System.arraycopy(added.pixels(), 0, pixels, parent.pixels().length, added.pixels().length);
        ClassCounts.of(labels, names.size()).requireTrainable(names);
        return new Appended(new ImageSet(pixels, labels, names, parent.channels(), parent.height(), parent.width()),
                new Version(added.size(), addedClasses, extended.stream().map(parent.classNames()::get).toList()));
    }

    /** The lineage JSON stored with a version: {@code {"version": {…}}}. */
    static String json(Version version) {
        return Subsets.JSON.writeValueAsString(Map.of("version", version));
    }

    /** The version a lineage JSON describes, or null when it describes none (a subset's selection). */
    static Version read(String json) {
        JsonNode version = json == null ? null : Subsets.JSON.readTree(json).get("version");
        return version == null ? null : Subsets.JSON.treeToValue(version, Version.class);
    }
}
