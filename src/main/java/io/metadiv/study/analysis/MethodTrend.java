package io.metadiv.study.analysis;

import io.metadiv.training.RunSpec.Method;

/**
 * How one method's results move with diversity across datasets: accuracy (points) and, when the runs recorded
 * it, final training loss, each regressed on the per-dataset means over seeds (n = datasets), as the paper does;
 * {@link Regression#runs} gives the number of runs behind them.
 *
 * @param method the method
 * @param accuracy accuracy in points on diversity
 * @param loss final training loss on diversity; null when no run of this method recorded a loss
 */
public record MethodTrend(Method method, Regression accuracy, Regression loss) {
}
