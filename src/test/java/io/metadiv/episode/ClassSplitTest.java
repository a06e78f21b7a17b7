package io.metadiv.episode;

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
    void fashionMnistShapeSplitsFiveAndFive() {
        ClassSplit s = ClassSplit.of(10, ClassSplit.parseFractions("0.5,0,0.5"), 0);
        assertEquals(5, s.train().size());
        assertEquals(0, s.val().size());
        assertEquals(5, s.test().size());
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
