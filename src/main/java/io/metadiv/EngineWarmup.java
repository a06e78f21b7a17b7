package io.metadiv;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Loads the PyTorch engine once and runs one operation, so the native libraries are extracted from the
 * {@code pytorch-native-cpu} jar into {@code DJL_CACHE_DIR}. The Docker build runs it, making containers start
 * with the libraries in place (and work on a read-only root file system).
 */
public final class EngineWarmup {

    private EngineWarmup() {
    }

    /**
     * Prints the engine name and version after a tiny computation.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = engine.newBaseManager(); NDArray ones = manager.ones(new Shape(2, 2))) {
            float sum = ones.sum().getFloat();
            System.out.println(engine.getEngineName() + " " + engine.getVersion() + " ready (check sum " + sum + ")");
        }
    }
}
