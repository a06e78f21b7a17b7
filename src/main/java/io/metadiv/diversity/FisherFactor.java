package io.metadiv.diversity;

/**
 * Fewest backward passes for a per-example Fisher of a softmax classifier.
 *
 * <p>With {@code J_i = ∂z_i/∂θ} (z the logits) the gradient of {@code log p(y|x_i)} is {@code J_iᵀ(e_y − p_i)}, so
 * {@code Σ_y w(i,y)·(∂ log p(y|x_i)/∂θ)² = diag(J_iᵀ M_i J_i)} with
 * {@code M_i = Σ_y w(i,y)·(e_y − p_i)(e_y − p_i)ᵀ} (N×N, positive semi-definite). Factor {@code M_i = L_i L_iᵀ}
 * (Cholesky, zero pivots dropped); then the Fisher diagonal is {@code Σ_r (J_iᵀ L_i[:, r])²}, and backward pass r
 * from the logits with row i of the output gradient set to {@code L_i[:, r]} gives every example's
 * {@code J_iᵀ L_i[:, r]} at once. The number of passes is the largest rank: N − 1 for the exact Fisher
 * ({@code w = p}, where {@code M = diag(p) − ppᵀ}), and 1 for one Monte-Carlo label per example, instead of N.
 */
final class FisherFactor {

    /** Pivots below this fraction of the trace count as zero (the exact Fisher's last pivot is 0 up to rounding). */
    private static final double RELATIVE_PIVOT_FLOOR = 1e-12;

    private FisherFactor() {
    }

    /**
     * The output gradients of the backward passes.
     *
     * @param probs p(y|x_i), row-major [n·ways]
     * @param weights w(i, y), row-major [n·ways]
     * @param n examples
     * @param ways classes
     * @return one row-major [n·ways] output gradient per pass
     */
    static float[][] passes(float[] probs, float[] weights, int n, int ways) {
        double[][][] factors = new double[n][][];
        int rank = 0;
        for (int i = 0; i < n; i++) {
            factors[i] = factor(probs, weights, i, ways);
            rank = Math.max(rank, factors[i].length);
        }
        float[][] out = new float[rank][n * ways];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < factors[i].length; r++) {
                for (int k = 0; k < ways; k++) {
                    out[r][i * ways + k] = (float) factors[i][r][k];
                }
            }
        }
        return out;
    }

    /** Nonzero columns of the Cholesky factor of M_i, each of length ways. */
    private static double[][] factor(float[] probs, float[] weights, int i, int ways) {
        double[][] m = new double[ways][ways];
        for (int y = 0; y < ways; y++) {
            double w = weights[i * ways + y];
            if (w == 0) {
                continue;
            }
            for (int a = 0; a < ways; a++) {
                double da = (a == y ? 1 : 0) - probs[i * ways + a];
                for (int b = 0; b < ways; b++) {
                    m[a][b] += w * da * ((b == y ? 1 : 0) - probs[i * ways + b]);
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < ways; a++) {
            trace += m[a][a];
        }
        double[][] columns = new double[ways][];
        int count = 0;
        double[][] l = new double[ways][ways];
        for (int j = 0; j < ways; j++) {
            double d = m[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (d <= RELATIVE_PIVOT_FLOOR * trace) {
                continue;
            }
            double root = Math.sqrt(d);
            double[] column = new double[ways];
            for (int a = j; a < ways; a++) {
                double v = m[a][j];
                for (int k = 0; k < j; k++) {
                    v -= l[a][k] * l[j][k];
                }
                l[a][j] = a == j ? root : v / root;
                column[a] = l[a][j];
            }
            columns[count++] = column;
        }
        return java.util.Arrays.copyOf(columns, count);
    }
}
