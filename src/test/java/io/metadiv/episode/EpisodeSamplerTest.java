package io.metadiv.episode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeSamplerTest {

    private static final ImageSet IMAGES = SyntheticImages.generate(8, 12, 16, 3);

    private static EpisodeSampler sampler(long seed) {
        return EpisodeSampler.builder().setImages(IMAGES).setClasses(List.of(0, 1, 2, 3, 4, 5))
                .setShape(3, 2, 4).optSeed(seed).build();
    }

    @Test
    void episodesHaveShapeLabelsAndPixelScale() {
        try (NDManager m = NDManager.newBaseManager(); Episode e = sampler(1).sample(m)) {
            assertEquals(new Shape(6, 1, 16, 16), e.support().getShape());
            assertEquals(new Shape(12, 1, 16, 16), e.query().getShape());
            assertEquals(DataType.FLOAT32, e.support().getDataType());
            assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2}, e.supportLabels().toLongArray());
            assertArrayEquals(new long[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, e.queryLabels().toLongArray());
            float max = e.support().max().getFloat();
            assertTrue(max > 0.5f && max <= 1f, "pixels scaled to [0,1], max " + max);
            assertEquals(3, e.classes().length);
        }
    }

    @Test
    void sameSeedSameStreamAndStateRestoresIt() {
        EpisodeSampler a = sampler(5);
        EpisodeSampler b = sampler(5);
        try (NDManager m = NDManager.newBaseManager()) {
            Episode a1 = a.sample(m);
            Episode b1 = b.sample(m);
            assertArrayEquals(a1.classes(), b1.classes());
            assertArrayEquals(a1.query().toFloatArray(), b1.query().toFloatArray());
            long state = a.rngState();
            Episode a2 = a.sample(m);
            a.restoreRngState(state);
            Episode a2again = a.sample(m);
            assertArrayEquals(a2.support().toFloatArray(), a2again.support().toFloatArray());
            assertArrayEquals(a2.classes(), a2again.classes());
        }
    }

    @Test
    void float64EpisodesForGradientChecks() {
        EpisodeSampler s = EpisodeSampler.builder().setImages(IMAGES).setClasses(List.of(0, 1, 2))
                .setShape(3, 1, 1).optDataType(DataType.FLOAT64).build();
        try (NDManager m = NDManager.newBaseManager(); Episode e = s.sample(m)) {
            assertEquals(DataType.FLOAT64, e.support().getDataType());
        }
    }

    @Test
    void tooFewClassesOrImagesFailWithClearMessage() {
        IllegalArgumentException ways = assertThrows(IllegalArgumentException.class,
                () -> EpisodeSampler.builder().setImages(IMAGES).setClasses(List.of(0, 1)).setShape(3, 1, 1).build());
        assertTrue(ways.getMessage().contains("2 classes but an episode needs 3 ways"), ways.getMessage());
        IllegalArgumentException shots = assertThrows(IllegalArgumentException.class,
                () -> EpisodeSampler.builder().setImages(IMAGES).setClasses(List.of(0, 1, 2)).setShape(3, 5, 10)
                        .build());
        assertTrue(shots.getMessage().contains("fewer than 15 images"), shots.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new BatchSampler(IMAGES, List.of(0), 13, 0, DataType.FLOAT32));
    }

    @Test
    void batchSamplerRemapsLabelsAndIsSeeded() {
        BatchSampler a = new BatchSampler(IMAGES, List.of(2, 5), 10, 9, DataType.FLOAT32);
        BatchSampler b = new BatchSampler(IMAGES, List.of(2, 5), 10, 9, DataType.FLOAT32);
        try (NDManager m = NDManager.newBaseManager(); Batch x = a.sample(m); Batch y = b.sample(m)) {
            assertEquals(new Shape(10, 1, 16, 16), x.images().getShape());
            assertArrayEquals(x.labels().toLongArray(), y.labels().toLongArray());
            for (long label : x.labels().toLongArray()) {
                assertTrue(label == 0 || label == 1);
            }
            assertEquals(2, a.numClasses());
        }
    }

    @Test
    void episodeClassesFromClassSizesAreTheClassesTheSamplerDraws() {
        int[] sizes = {5, 9, 6, 12, 7, 8, 10};
        int[] labels = new int[java.util.Arrays.stream(sizes).sum()];
        int[] left = sizes.clone();
        for (int i = 0, c = 0; i < labels.length; c = (c + 3) % sizes.length) {
            if (left[c] > 0) { // interleaved storage order, so a class's images are not one run
                left[c]--;
                labels[i++] = c;
            }
        }
        List<String> names = java.util.stream.IntStream.range(0, sizes.length).mapToObj(c -> "c" + c).toList();
        ImageSet uneven = new ImageSet(new byte[labels.length], labels, names, 1, 1, 1);
        List<Integer> classes = List.of(0, 2, 3, 5, 6);
        EpisodeSampler sampler = EpisodeSampler.builder().setImages(uneven).setClasses(classes).setShape(3, 2, 3)
                .optSeed(11).build();
        List<int[]> expected = EpisodeSampler.episodeClasses(sizes, classes, 3, 2, 3, 11, 25);
        assertEquals(25, expected.size());
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] episode : expected) {
                try (Episode e = sampler.sample(m)) {
                    assertArrayEquals(e.classes(), episode);
                }
            }
        }
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> EpisodeSampler.episodeClasses(sizes, classes, 3, 3, 3, 11, 1));
        assertTrue(few.getMessage().contains("fewer than 6"), few.getMessage());
    }
}
