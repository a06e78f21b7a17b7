package io.metadiv.diversity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskLabelsTest {

    private static final List<String> NAMES = List.of("T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "train/n01532829_house_finch");

    @Test
    void labelNamesTheTasksClassesInLabelOrder() {
        assertThat(TaskLabels.label(3, new int[] {8, 4}, NAMES)).isEqualTo("T3: Coat, Bag");
    }

    @Test
    void manyWaysAreCountedAndLongNamesCut() {
        assertThat(TaskLabels.label(12, new int[] {8, 9, 1, 4, 6}, NAMES)).isEqualTo("T12: Trouser, Coat +3");
        assertThat(TaskLabels.label(1, new int[] {9, 0}, NAMES)).isEqualTo("T1: T-shirt, train/n015328…");
    }
}
