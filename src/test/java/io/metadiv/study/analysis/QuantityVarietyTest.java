package io.metadiv.study.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metadiv.training.RunSpec.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quantity-vs-variety answer on grids whose accuracy is known exactly. */
class QuantityVarietyTest {

    private static final int[] CLASSES = {2, 4, 6};
    private static final int[] IMAGES = {10, 20, 40};

    @Test
    void accuracyLinearInImagesGivesTheSameSlopeAlongBothAxes() {
        // 30 points + 0.01 per image, whichever way the images come, no noise
        QuantityVariety answer = answer((c, m) -> 30 + 0.01 * c * m, 0);
        QuantityVariety.MethodAnswer pt = answer.methods().get(0);
        assertThat(pt.variety().pointsPerImage()).isCloseTo(0.01, within(1e-9));
        assertThat(pt.quantity().pointsPerImage()).isCloseTo(0.01, within(1e-9));
        assertThat(pt.difference()).isCloseTo(0, within(1e-9));
    }

    @Test
    void accuracyThatGrowsWithClassesOnlyAnswersVariety() {
        QuantityVariety answer = answer((c, m) -> 40 + 3.0 * c, 0.5);
        QuantityVariety.MethodAnswer pt = answer.methods().get(0);
        assertThat(pt.answer()).isEqualTo(QuantityVariety.Answer.VARIETY);
        assertThat(pt.variety().ciLow()).isGreaterThan(0);
        assertThat(pt.quantity().ciLow()).isLessThan(0.001).isLessThan(pt.variety().ciLow());
        assertThat(pt.differenceCiLow()).isGreaterThan(0);
        assertThat(answer.answer()).isEqualTo(QuantityVariety.Answer.VARIETY);
        assertThat(answer.findings().get(0)).startsWith("Collect more kinds of data");
        assertThat(pt.sentence()).startsWith("PT: more kinds pays more").contains("95% CI").contains("per 100 images");
    }

    @Test
    void accuracyThatGrowsWithImagesPerClassOnlyAnswersQuantity() {
        QuantityVariety answer = answer((c, m) -> 40 + 0.3 * m, 0.5);
        QuantityVariety.MethodAnswer pt = answer.methods().get(0);
        assertThat(pt.answer()).isEqualTo(QuantityVariety.Answer.QUANTITY);
        assertThat(pt.differenceCiHigh()).isLessThan(0);
        assertThat(answer.findings().get(0)).startsWith("Collect more of the same");
    }

    @Test
    void runsThatLeaveNoDegreesOfFreedomGiveSlopesButNoAnswer() {
        // three cells of a 2 × 2 grid, one run each: both fits have as many coefficients as runs
        List<QuantityVariety.Cell> cells = List.of(new QuantityVariety.Cell("a", 2, 10, null, null),
                new QuantityVariety.Cell("b", 2, 20, null, null), new QuantityVariety.Cell("c", 4, 10, null, null),
                new QuantityVariety.Cell("d", 4, 20, null, null));
        List<QuantityVariety.Run> runs = List.of(new QuantityVariety.Run(0, Method.PT, 0, 0.50),
                new QuantityVariety.Run(1, Method.PT, 0, 0.52), new QuantityVariety.Run(2, Method.PT, 0, 0.60));
        QuantityVariety.MethodAnswer pt = QuantityVariety.of(cells, runs, List.of(Method.PT)).methods().get(0);
        assertThat(pt.variety().status()).isEqualTo(Status.ESTIMATE_ONLY);
        assertThat(pt.variety().pointsPerImage()).isCloseTo(10.0 / 20, within(1e-9));
        assertThat(pt.quantity().pointsPerImage()).isCloseTo(2.0 / 20, within(1e-9));
        assertThat(pt.differenceCiLow()).isNull();
        assertThat(pt.answer()).isEqualTo(QuantityVariety.Answer.UNCLEAR);
        assertThat(pt.sentence()).contains("no degrees of freedom");
    }

    @Test
    void theDifferenceCiMatchesTheSlopesStandardErrorsOnIndependentAxes() {
        // noise makes both fits' residuals non-zero; the difference's CI must be wider than either slope's
        QuantityVariety answer = answer((c, m) -> 40 + 2.0 * c + 0.1 * m, 1.0);
        QuantityVariety.MethodAnswer pt = answer.methods().get(0);
        double differenceWidth = pt.differenceCiHigh() - pt.differenceCiLow();
        assertThat(differenceWidth).isGreaterThan(pt.variety().ciHigh() - pt.variety().ciLow());
        assertThat(pt.differencePValue()).isBetween(0.0, 1.0);
    }

    /** Three seeds per cell, accuracy = f(c, m) − noise, f, f + noise points. */
    private static QuantityVariety answer(Accuracy f, double noise) {
        List<QuantityVariety.Cell> cells = cells();
        List<QuantityVariety.Run> runs = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            QuantityVariety.Cell cell = cells.get(i);
            double exact = f.points(cell.classes(), cell.imagesPerClass());
            for (int seed = 0; seed < 3; seed++) {
                runs.add(new QuantityVariety.Run(i, Method.PT, seed, (exact + noise * (seed - 1)) / 100));
            }
        }
        return QuantityVariety.of(cells, runs, List.of(Method.PT));
    }

    private static List<QuantityVariety.Cell> cells() {
        List<QuantityVariety.Cell> cells = new ArrayList<>();
        for (int c : CLASSES) {
            for (int m : IMAGES) {
                cells.add(new QuantityVariety.Cell("c" + c + "m" + m, c, m, null, null));
            }
        }
        return cells;
    }

    private interface Accuracy {
        double points(int classes, int imagesPerClass);
    }
}
