package io.metadiv.episode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassSplitTest {

    @Test
    void sameSeedGivesSameDisjointCoveringSplit() {
        ClassSplit a = ClassSplit.of(20, new double[] {0.6, 0.2, 0.2}, 7);
        ClassSplit b = ClassSplit.of(20, new double[] {0.6, 0.2, 0.2}, 7);
        assertEquals(a, b);
        assertEquals(12, a.train().size());
        assertEquals(4, a.val().size());
        assertEquals(4, a.test().size());
        List<Integer> all = new ArrayList<>(a.train());
        all.addAll(a.val());
        all.addAll(a.test());
        Collections.sort(all);
        assertEquals(IntStream.range(0, 20).boxed().toList(), all);
    }

    @Test
    void otherSeedGivesOtherSplit() {
        ClassSplit a = ClassSplit.of(20, new double[] {0.5, 0, 0.5}, 1);
        ClassSplit b = ClassSplit.of(20, new double[] {0.5, 0, 0.5}, 2);
        assertNotEquals(a.train(), b.train());
        assertTrue(a.val().isEmpty());
    }

    @Test
    void fashionMnistSplitEqualsTheReferences() {
        // reference: data.split_classes(10, [0.5, 0, 0.5], 0)
        ClassSplit s = ClassSplit.of(10, ClassSplit.parseFractions("0.5,0,0.5"), 0);
        assertEquals(List.of(2, 3, 4, 6, 7), s.train());
        assertEquals(List.of(), s.val());
        assertEquals(List.of(0, 1, 5, 8, 9), s.test());
    }

    @Test
    void permutationIsNumpysDefaultRng() {
        // numpy 1.24: np.random.default_rng(seed).permutation(n)
        assertArrayEquals(new int[] {4, 6, 2, 7, 3, 5, 9, 0, 8, 1}, NumpyPermutation.permutation(10, 0));
        assertArrayEquals(new int[] {15, 3, 5, 11, 9, 0, 13, 4, 16, 7, 14, 10, 19, 8, 18, 6, 1, 17, 12, 2},
                NumpyPermutation.permutation(20, 5000000000L));
    }

    @Test
    void badFractionsAreRejectedWithMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassSplit.of(10, new double[] {0, 0, 0}, 0));
        assertTrue(e.getMessage().contains("must not all be 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassSplit.of(10, new double[] {-1, 1, 1}, 0));
        assertThrows(IllegalArgumentException.class, () -> ClassSplit.parseFractions("0.5,0.5"));
        assertThrows(IllegalArgumentException.class, () -> ClassSplit.of(0, new double[] {1, 0, 0}, 0));
    }
}
