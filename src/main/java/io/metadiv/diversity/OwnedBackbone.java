package io.metadiv.diversity;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.metadiv.nn.Conv4;

/** Base of the Conv4 probes: the architecture and a backbone held in the probe's own child manager. */
abstract class OwnedBackbone implements Probe {

    private final Conv4 architecture;
    private final NDManager manager;
    private final NDList backbone;

    OwnedBackbone(Conv4 architecture, NDManager manager, NDList backbone) {
        this.architecture = architecture;
        this.manager = manager;
        this.backbone = backbone;
    }

    @Override
    public final Conv4 architecture() {
        return architecture;
    }

    @Override
    public final NDList backbone() {
        return backbone;
    }

    @Override
    public final void close() {
        manager.close();
    }
}
