/**
 * Functional neural networks in DJL (PyTorch engine): {@link io.metadiv.nn.Conv4} takes its parameters as an
 * explicit {@link ai.djl.ndarray.NDList}, so MAML can pass fast weights; {@link io.metadiv.nn.Autograd}
 * gives gradients with respect to any tensor (leaf or not), differentiable on request for higher-order MAML;
 * {@link io.metadiv.nn.GradMode} and {@link io.metadiv.nn.TorchRuntime} manage libtorch's per-thread autograd
 * mode and thread pools.
 *
 * <p>Pure DJL, no Spring. Tensors are NCHW; float32 for training, float64 works everywhere (gradient checks).
 */
package io.metadiv.nn;
