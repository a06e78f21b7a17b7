package io.metadiv.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Tensor-times-number arithmetic that autograd may record.
 *
 * <p>DJL's {@code mul(Number)}, {@code div(Number)} and the like wrap the number in a 0-dim tensor over a Java
 * direct buffer and close it at once. Autograd keeps that tensor for the backward pass ({@code MulBackward} and
 * {@code DivBackward} save the other operand), and once the GC has freed the buffer the backward pass reads freed
 * memory: HO-MAML results then changed from run to run, now and then to NaN. The numbers here live in libtorch's
 * own memory, which autograd's saved reference keeps alive.
 */
public final class Scalars {

    private Scalars() {
    }

    /**
     * A 0-dim float64 tensor in libtorch's memory (float64 like DJL's own wrapping of a double, so results are
     * unchanged: a 0-dim operand does not widen a float32 tensor).
     *
     * @param manager owner
     * @param value the number
     * @return the tensor, owned by {@code manager}
     */
    public static NDArray of(NDManager manager, double value) {
        return JniUtils.full((PtNDManager) manager, new Shape(), value, DataType.FLOAT64, manager.getDevice(),
                SparseFormat.DENSE);
    }

    /** {@code x / value}, safe to differentiate through. */
    public static NDArray dividedBy(NDArray x, double value) {
        try (NDArray number = of(x.getManager(), value)) {
            return JniUtils.div((PtNDArray) x, (PtNDArray) number);
        }
    }
}
