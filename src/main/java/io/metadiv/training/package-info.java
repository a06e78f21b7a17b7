/**
 * Training and evaluation: higher-order and first-order MAML, pre-training (PT) with a fresh linear head per
 * test episode ({@link io.metadiv.training.FitLinearHead}), few-shot evaluation with a 95% confidence interval,
 * progress callbacks with cancel, and checkpoints that resume a run exactly.
 *
 * <p>Pure DJL, no Spring. Every step runs in a child {@link ai.djl.ndarray.NDManager} closed with the step.
 */
package io.metadiv.training;
