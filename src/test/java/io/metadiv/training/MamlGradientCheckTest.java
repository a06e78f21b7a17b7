package io.metadiv.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.metadiv.episode.Episode;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.Network;
import io.metadiv.nn.ResNet12;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference's gradcheck_ho.py on our code path: Conv4 (hidden 8) and a narrow ResNet-12, float64, batch norm
 * with batch statistics,
 * 2 tasks, 2 inner steps, inner lr 0.4. Directional derivative of the HO meta-loss along random unit directions
 * versus central finite differences (eps 1e-7: larger steps straddle ReLU/max-pool kinks).
 */
class MamlGradientCheckTest {

    private static final int WAYS = 5;
    private static final int INNER_STEPS = 2;
    private static final double INNER_LR = 0.4;
    private static final double EPS = 1e-7;
    private static final int TRIALS = 3;
    private static final double KINK_TOLERANCE = 1e-3;
    private static final int MAX_KINKS = 3;

    @Test
    void higherOrderMetaGradientMatchesFiniteDifferencesAndDiffersFromFirstOrder() {
        check(new Conv4(8, 1, 28));
    }

    @Test
    void sameForResNet12() {
        // residual blocks, leaky ReLU, convolutions without bias, 1x1 shortcuts: every op's double backward
        check(new ResNet12(new int[] {3, 4, 4, 5}, 1, 28));
    }

    private static void check(Network model) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(0);
            NDList params = model.init(m, WAYS, 3, DataType.FLOAT64);
            List<Episode> tasks = new ArrayList<>();
            long[] ys = {0, 1, 2, 3, 4};
            long[] yq = {0, 1, 2, 3, 4, 0, 1, 2, 3, 4};
            for (int t = 0; t < 2; t++) {
                tasks.add(new Episode(m.randomUniform(0, 1, new Shape(5, 1, 28, 28), DataType.FLOAT64), m.create(ys),
                        m.randomUniform(0, 1, new Shape(10, 1, 28, 28), DataType.FLOAT64), m.create(yq), WAYS,
                        new int[] {0, 1, 2, 3, 4}));
            }
            NDList ho = MamlTrainer.metaStep(model, params, tasks, INNER_STEPS, INNER_LR, MamlConfig.Order.HIGHER, m)
                    .gradients();
            NDList fo = MamlTrainer.metaStep(model, params, tasks, INNER_STEPS, INNER_LR, MamlConfig.Order.FIRST, m)
                    .gradients();
            double worst = 0;
            double foDeviation = Double.MAX_VALUE;
            int smooth = 0;
            int kinks = 0;
            while (smooth < TRIALS) {
                NDList dir = new NDList();
                double norm2 = 0;
                for (NDArray p : params) {
                    NDArray d = m.randomNormal(0, 1, p.getShape(), DataType.FLOAT64);
                    norm2 += d.square().sum().getDouble();
                    dir.add(d);
                }
                double norm = Math.sqrt(norm2);
                double plus = loss(model, shifted(params, dir, EPS / norm), tasks, m);
                double centre = loss(model, params, tasks, m);
                double minus = loss(model, shifted(params, dir, -EPS / norm), tasks, m);
                double right = (plus - centre) / EPS;
                double left = (centre - minus) / EPS;
                if (Math.abs(right - left) > KINK_TOLERANCE * Math.max(Math.abs(right), Math.abs(left))) {
                    // the step crossed a ReLU/max-pool kink where the inner gradient jumps: not a smooth direction
                    kinks++;
                    assertTrue(kinks <= MAX_KINKS, "too many directions crossing kinks: " + kinks);
                    continue;
                }
                double fd = (plus - minus) / (2 * EPS);
                double ad = dot(ho, dir) / norm;
                double fod = dot(fo, dir) / norm;
                double rel = Math.abs(fd - ad) / Math.max(Math.abs(fd), 1e-12);
                worst = Math.max(worst, rel);
                foDeviation = Math.min(foDeviation, Math.abs(fod - fd) / Math.abs(fd));
                System.out.printf("direction %d: HO %.10f finite-diff %.10f rel.err %.2e; FO %.6f (off by %.1f%%)%n",
                        smooth, ad, fd, rel, fod, 100 * Math.abs(fod - fd) / Math.abs(fd));
                smooth++;
            }
            assertTrue(worst < 1e-4, model.describe() + ": HO meta-gradient vs finite differences, worst relative "
                    + "error " + worst);
            assertTrue(foDeviation > 0.05, "FO should differ from the true meta-gradient, min deviation " + foDeviation);
        }
    }

    private static double loss(Network model, NDList params, List<Episode> tasks, NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            return MamlTrainer.metaStep(model, params, tasks, INNER_STEPS, INNER_LR, MamlConfig.Order.FIRST, scope)
                    .loss();
        }
    }

    private static NDList shifted(NDList params, NDList dir, double scale) {
        NDList out = new NDList();
        for (int i = 0; i < params.size(); i++) {
            out.add(params.get(i).add(dir.get(i).mul(scale)));
        }
        return out;
    }

    private static double dot(NDList a, NDList b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.get(i).mul(b.get(i)).sum().getDouble();
        }
        return s;
    }
}
