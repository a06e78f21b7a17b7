package io.metadiv.diversity;

import io.metadiv.training.Adam;

/**
 * The reference's {@code fit_linear_head} (zero-initialised linear head, full-batch Adam on mean softmax
 * cross-entropy) on plain Java arrays with the analytic gradient {@code ∂L/∂z = (softmax(z) − onehot(y)) / n}.
 *
 * <p>Same mathematics as {@link io.metadiv.training.FitLinearHead} (PyTorch's Adam update with bias correction), in
 * double precision. Task2Vec fits a 5×64 head on about 100 fixed feature vectors: a few thousand multiply-adds
 * per step, where a libtorch step (autograd, JNI, small-tensor dispatch) costs tens of milliseconds.
 */
final class LinearHeadFit {

    private LinearHeadFit() {
    }

    /**
     * Fits the head.
     *
     * @param features row-major [n, dim]
     * @param labels n labels in {@code [0, ways)}
     * @param n examples
     * @param dim feature dimension
     * @param ways outputs
     * @param steps Adam steps
     * @param learningRate Adam learning rate (PyTorch default betas and epsilon)
     * @return {@code [weight (ways·dim, row-major), bias (ways)]}
     */
    static float[][] fit(float[] features, long[] labels, int n, int dim, int ways, int steps, double learningRate) {
        int params = ways * dim + ways;
        double[] theta = new double[params];
        double[] m = new double[params];
        double[] v = new double[params];
        double[] grad = new double[params];
        double[] z = new double[ways];
        double b1 = Adam.Config.DEFAULT_BETA1;
        double b2 = Adam.Config.DEFAULT_BETA2;
        double eps = Adam.Config.DEFAULT_EPSILON;
        int biasAt = ways * dim;
        for (int step = 1; step <= steps; step++) {
            java.util.Arrays.fill(grad, 0);
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < ways; c++) {
                    double s = theta[biasAt + c];
                    for (int d = 0; d < dim; d++) {
                        s += theta[c * dim + d] * features[i * dim + d];
                    }
                    z[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < ways; c++) {
                    z[c] = Math.exp(z[c] - max);
                    sum += z[c];
                }
                for (int c = 0; c < ways; c++) {
                    double dz = (z[c] / sum - (labels[i] == c ? 1 : 0)) / n;
                    grad[biasAt + c] += dz;
                    for (int d = 0; d < dim; d++) {
                        grad[c * dim + d] += dz * features[i * dim + d];
                    }
                }
            }
            double c1 = 1 - Math.pow(b1, step);
            double c2 = Math.sqrt(1 - Math.pow(b2, step));
            for (int p = 0; p < params; p++) {
                m[p] = b1 * m[p] + (1 - b1) * grad[p];
                v[p] = b2 * v[p] + (1 - b2) * grad[p] * grad[p];
                theta[p] -= learningRate / c1 * m[p] / (Math.sqrt(v[p]) / c2 + eps);
            }
        }
        float[] weight = new float[ways * dim];
        float[] bias = new float[ways];
        for (int p = 0; p < biasAt; p++) {
            weight[p] = (float) theta[p];
        }
        for (int c = 0; c < ways; c++) {
            bias[c] = (float) theta[biasAt + c];
        }
        return new float[][] {weight, bias};
    }
}
