package io.metadiv.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * How a subset is chosen from its parent: classes by name or by group prefix (or all), optionally k of them at
 * random, and optionally at most a number of images per class; random choices use {@code seed}.
 *
 * @param classes these classes by name, in this order [all, in the parent's order]
 * @param prefix the classes whose name starts with it, e.g. {@code Latin/} (not with {@code classes})
 * @param randomClasses k classes drawn at random from those [all of them]
 * @param imagesPerClass at most this many images per class, drawn at random [all]
 * @param seed seed of the random draws [0]
 * @param uncappedClasses selected classes that keep every image whatever {@code imagesPerClass} says [none]
 */
@Schema(name = "SubsetSelection", description = "Which classes and images a subset keeps; every field optional")
public record Selection(List<String> classes, @Schema(example = "Latin/") String prefix,
        @Schema(example = "5") Integer randomClasses, @Schema(example = "20") Integer imagesPerClass,
        @Schema(example = "0") Long seed,
        @Schema(description = "selected classes that keep all their images (e.g. held-out evaluation classes)")
        List<String> uncappedClasses) {
}
