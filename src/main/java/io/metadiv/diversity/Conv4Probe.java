package io.metadiv.diversity;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.metadiv.nn.Conv4;

/**
 * A probe that is a Conv4 backbone (layout of {@link Conv4}) held in the probe's own child manager, embedded by
 * {@link Task2Vec}'s batched Fisher.
 */
public abstract class Conv4Probe implements Probe {

    private final Conv4 architecture;
    private final NDManager manager;
    private final NDList backbone;

    Conv4Probe(Conv4 architecture, NDManager manager, NDList backbone) {
        this.architecture = architecture;
        this.manager = manager;
        this.backbone = backbone;
    }

    /** The architecture (hidden width, input channels, image size). */
    public final Conv4 architecture() {
        return architecture;
    }

    /** The 16 backbone tensors, float32, without autograd history. */
    public final NDList backbone() {
        return backbone;
    }

    @Override
    public final TaskEmbedder embedder(Task2Vec.Config config) {
        return new Task2Vec(this, config);
    }

    @Override
    public final void close() {
        manager.close();
    }
}
