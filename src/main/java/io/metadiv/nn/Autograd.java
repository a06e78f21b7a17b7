package io.metadiv.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code torch.autograd.grad} for DJL, which only offers {@code backward} into leaf {@code .grad} fields.
 *
 * <p>Runs a tiny TorchScript module (resource {@code autograd_grad.pt}, made by
 * {@code tools/make_autograd_script.py}) in training mode with grad mode on: the tensors keep their autograd
 * history across the call, so gradients with respect to any tensors (leaf or not) come back, and with
 * {@code createGraph} they stay differentiable. Nothing accumulates into {@code .grad}: no leaf/gradient reference
 * cycles (which leak the whole graph with {@code backward(createGraph=true)}), no zeroing.
 */
public final class Autograd {

    /** Resource holding the scripted module. */
    public static final String RESOURCE = "autograd_grad.pt";
    private static final String LIST_INPUT = "inputs[]";

    /**
     * One module per thread: with one shared module, HO-MAML runs on two threads at once (a worker with two slots)
     * changed each other's results (RunExecutorTest), although each thread has its own grad mode.
     */
    private static final NDManager MANAGER = NDManager.newBaseManager(TorchRuntime.ENGINE);
    private static final ThreadLocal<PtSymbolBlock> MODULE = ThreadLocal.withInitial(Autograd::load);

    private static PtSymbolBlock load() {
        try (InputStream in = Autograd.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the classpath");
            }
            synchronized (MANAGER) {
                return JniUtils.loadModule((PtNDManager) MANAGER, in, false, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + RESOURCE, e);
        }
    }

    private Autograd() {
    }

    /**
     * Gradients of a scalar with respect to tensors.
     *
     * @param loss scalar output
     * @param inputs tensors the loss depends on (each must influence it)
     * @param createGraph keep the gradients differentiable (and the graph) for higher-order derivatives
     * @return one gradient per input, same shapes, owned by {@code loss}'s manager
     */
    public static NDList grad(NDArray loss, NDList inputs, boolean createGraph) {
        NDManager owner = loss.getManager();
        NDList args = new NDList(inputs.size() + 2);
        args.add(loss);
        String[] names = new String[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            names[i] = inputs.get(i).getName();
            inputs.get(i).setName(LIST_INPUT);
            args.add(inputs.get(i));
        }
        try (NDArray flag = owner.create(createGraph ? 1L : 0L)) {
            args.add(flag);
            NDList grads = MODULE.get().forward(new ParameterStore(owner, false), args, true);
            grads.attach(owner);
            return grads;
        } finally {
            for (int i = 0; i < inputs.size(); i++) {
                inputs.get(i).setName(names[i]);
            }
        }
    }
}
