package io.metadiv.training;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.EpisodeSampler;
import io.metadiv.episode.ImageSet;
import io.metadiv.episode.SyntheticImages;
import io.metadiv.nn.Conv4;
import java.util.List;

/** Small seeded setting shared by the training tests: 12 generated classes split 6 / 0 / 6, 5-way 1-shot. */
final class TrainingFixture {

    static final ImageSet IMAGES = SyntheticImages.generate(12, 20, 28, 11);
    static final ClassSplit SPLIT = ClassSplit.of(IMAGES.numClasses(), new double[] {0.5, 0, 0.5}, 0);
    static final Conv4 MODEL = new Conv4(16, 1, 28);
    static final int WAYS = 5;
    static final int SHOTS = 1;
    static final int QUERIES = 5;
    static final double CHANCE = 1.0 / WAYS;

    private TrainingFixture() {
    }

    static EpisodeSampler episodes(List<Integer> classes, long seed) {
        return EpisodeSampler.builder().setImages(IMAGES).setClasses(classes).setShape(WAYS, SHOTS, QUERIES)
                .optSeed(seed).build();
    }

    static int openArrays(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }

    static float[][] values(NDList params) {
        float[][] out = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            out[i] = params.get(i).toFloatArray();
        }
        return out;
    }
}
