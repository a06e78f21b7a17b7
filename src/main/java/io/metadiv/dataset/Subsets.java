package io.metadiv.dataset;

import io.metadiv.episode.EpisodeSampler;
import io.metadiv.episode.ImageSet;
import io.metadiv.episode.Subset;
import io.metadiv.web.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** Turns a {@link Selection} into the parent's labels and the subset's images, with a 400 naming what does not fit. */
final class Subsets {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Subsets() {
    }

    static ImageSet select(ImageSet parent, Selection s) {
        List<String> names = parent.classNames();
        List<Integer> labels = new ArrayList<>();
        if (s.classes() != null && !s.classes().isEmpty() && s.prefix() != null) {
            throw new BadRequestException("choose classes by name or by prefix, not both", "prefix");
        }
        if (s.classes() != null && !s.classes().isEmpty()) {
            for (int i = 0; i < s.classes().size(); i++) {
                int label = names.indexOf(s.classes().get(i));
                if (label < 0) {
                    throw new BadRequestException("no class '" + s.classes().get(i) + "' in the dataset",
                            "classes[" + i + "]");
                }
                if (labels.contains(label)) {
                    throw new BadRequestException("class '" + s.classes().get(i) + "' is listed twice",
                            "classes[" + i + "]");
                }
                labels.add(label);
            }
        } else {
            for (int label = 0; label < names.size(); label++) {
                if (s.prefix() == null || names.get(label).startsWith(s.prefix())) {
                    labels.add(label);
                }
            }
        }
        if (labels.size() < EpisodeSampler.MIN_WAYS) {
            throw new BadRequestException("the selection keeps " + labels.size() + " classes; a dataset needs at least "
                    + EpisodeSampler.MIN_WAYS, s.prefix() != null ? "prefix" : "classes");
        }
        long seed = s.seed() == null ? 0 : s.seed();
        if (s.randomClasses() != null) {
            if (s.randomClasses() < EpisodeSampler.MIN_WAYS || s.randomClasses() > labels.size()) {
                throw new BadRequestException("randomClasses must be in [" + EpisodeSampler.MIN_WAYS + ", "
                        + labels.size() + "] (the classes selected), got " + s.randomClasses(), "randomClasses");
            }
            List<Integer> picked = new ArrayList<>();
            for (int i : Subset.randomClasses(labels.size(), s.randomClasses(), seed)) {
                picked.add(labels.get(i));
            }
            labels = picked;
        }
        int cap = s.imagesPerClass() == null ? 0 : s.imagesPerClass();
        if (cap != 0 && cap < Subset.MIN_IMAGES_PER_CLASS) {
            throw new BadRequestException("imagesPerClass must be at least " + Subset.MIN_IMAGES_PER_CLASS
                    + " (or absent for all), got " + cap, "imagesPerClass");
        }
        java.util.Set<Integer> uncapped = new java.util.HashSet<>();
        List<String> keep = s.uncappedClasses() == null ? List.of() : s.uncappedClasses();
        for (int i = 0; i < keep.size(); i++) {
            int label = names.indexOf(keep.get(i));
            if (!labels.contains(label)) {
                throw new BadRequestException("'" + keep.get(i) + "' is not among the selected classes",
                        "uncappedClasses[" + i + "]");
            }
            uncapped.add(label);
        }
        return Subset.of(parent, labels, cap, seed, uncapped);
    }
}
