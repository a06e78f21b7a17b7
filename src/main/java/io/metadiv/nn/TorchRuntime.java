package io.metadiv.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Process-wide libtorch settings. Call {@link #configure(int)} before the first tensor is created so the
 * thread pools are sized before PyTorch starts them.
 *
 * <p>On a CPU shared with other processes start the JVM with {@code OMP_WAIT_POLICY=PASSIVE} in the environment
 * (it cannot be set from Java): libtorch's OpenMP threads otherwise spin at every barrier and a step can take ten
 * times longer when a core is taken away.
 */
public final class TorchRuntime {

    /** System property DJL's PyTorch engine reads for intra-op threads. */
    public static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
    /** System property DJL's PyTorch engine reads for inter-op threads. */
    public static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";
    /** Engine name. */
    public static final String ENGINE = "PyTorch";

    private TorchRuntime() {
    }

    /**
     * Sets libtorch's intra-op thread count (and inter-op to the same), loads the engine offline, and returns
     * the engine.
     *
     * @param threads intra-op threads; {@code <= 0} means all available cores
     * @return the PyTorch engine
     */
    public static Engine configure(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        System.setProperty("ai.djl.offline", "true");
        System.setProperty(NUM_THREADS, Integer.toString(n));
        if (System.getProperty(NUM_INTEROP_THREADS) == null) {
            System.setProperty(NUM_INTEROP_THREADS, Integer.toString(n));
        }
        Engine engine = Engine.getEngine(ENGINE);
        JniUtils.setNumThreads(n);
        return engine;
    }

    /** libtorch's current intra-op thread count. */
    public static int threads() {
        return JniUtils.getNumThreads();
    }

    /** libtorch's current inter-op thread count. */
    public static int interopThreads() {
        return JniUtils.getNumInteropThreads();
    }
}
