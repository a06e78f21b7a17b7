package io.metadiv.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradients with respect to any list of tensors, including non-leaf fast weights, in DJL (which has no
 * {@code autograd.grad}).
 *
 * <p>A zero-valued leaf {@code z_i} (requires grad) is added to each tensor: the model runs on
 * {@code probed_i = t_i + z_i}, which equals {@code t_i} in value, and after {@link #backward} the leaf's
 * gradient is {@code dL/dprobed_i = dL/dt_i}. With {@code createGraph} the gradient is itself a differentiable
 * function of whatever {@code t_i} depends on (higher-order MAML). Every leaf upstream also receives a gradient
 * from each backward (libtorch has no {@code inputs=} here), so read gradients only from this probe's own leaves
 * and create a fresh probe per backward; the leaves live in the given (per-step) manager.
 */
public final class GradientProbe {

    private final NDList leaves;
    private final NDList probed;

    private GradientProbe(NDList leaves, NDList probed) {
        this.leaves = leaves;
        this.probed = probed;
    }

    /**
     * Attaches zero leaves to {@code tensors}.
     *
     * @param tensors base or fast weights
     * @param manager owner of the leaves and the probed tensors (a per-step child manager)
     * @return the probe
     */
    public static GradientProbe attach(NDList tensors, NDManager manager) {
        NDList leaves = new NDList(tensors.size());
        NDList probed = new NDList(tensors.size());
        for (NDArray t : tensors) {
            NDArray leaf = manager.zeros(t.getShape(), t.getDataType());
            leaf.setRequiresGradient(true);
            leaves.add(leaf);
            probed.add(leaf.add(t));
        }
        return new GradientProbe(leaves, probed);
    }

    /** The tensors to run the model on: equal in value to the inputs, with gradient leaves attached. */
    public NDList probed() {
        return probed;
    }

    /**
     * Back-propagates a scalar.
     *
     * @param loss scalar to differentiate
     * @param createGraph keep the gradients differentiable (higher order); also keeps the graph
     */
    public static void backward(NDArray loss, boolean createGraph) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, createGraph, createGraph);
        }
    }

    /**
     * The gradients accumulated in the leaves, one per input tensor, in the leaves' manager. Without
     * {@code createGraph} in the backward they are constants; call inside {@link GradMode#disabled()} or detach
     * them before using them in further recorded computation if you need first-order behaviour.
     *
     * @return gradients, same shapes as the inputs
     * @throws IllegalStateException when a tensor received no gradient (not used by the loss)
     */
    public NDList gradients() {
        NDList grads = new NDList(leaves.size());
        for (int i = 0; i < leaves.size(); i++) {
            PtNDArray leaf = (PtNDArray) leaves.get(i);
            PtNDArray g = JniUtils.getGradient(leaf);
            if (g == null) {
                throw new IllegalStateException("tensor " + i + " of shape " + leaf.getShape()
                        + " got no gradient: it does not influence the loss");
            }
            grads.add(g);
        }
        return grads;
    }

    /**
     * Detached copies of the gradients (no autograd history), for first-order updates and optimisers.
     *
     * @return detached gradients
     */
    public NDList detachedGradients() {
        NDList grads = gradients();
        NDList out = new NDList(grads.size());
        for (NDArray g : grads) {
            out.add(JniUtils.detachGradient((PtNDArray) g));
            g.close();
        }
        return out;
    }

    /** Resets the leaves' accumulated gradients to zero in place. */
    public void zeroGradients() {
        for (NDArray leaf : leaves) {
            JniUtils.zeroGrad((PtNDArray) leaf);
        }
    }
}
