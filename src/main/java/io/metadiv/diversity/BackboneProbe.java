package io.metadiv.diversity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.metadiv.nn.Conv4;

/**
 * A probe made of given backbone tensors, e.g. the first 16 tensors of a finished PT run's parameters. The tensors
 * are copied (float32, detached) into the probe's own manager, so the caller keeps ownership of the originals.
 */
public final class BackboneProbe extends Conv4Probe {

    private final String source;

    private BackboneProbe(Conv4 architecture, NDList copies, String source, NDManager manager) {
        super(architecture, manager, copies);
        this.source = source;
    }

    /**
     * Copies a backbone into a probe.
     *
     * @param architecture the Conv4 the tensors belong to
     * @param tensors at least the 16 backbone tensors in {@link Conv4}'s layout (a full 18-tensor list is fine)
     * @param source identity recorded with scores, e.g. {@code "pt-run 42"}
     * @param parent manager under which the probe's own child manager is created
     * @return the probe
     * @throws IllegalArgumentException when a tensor's shape does not fit the architecture
     */
    public static BackboneProbe of(Conv4 architecture, NDList tensors, String source, NDManager parent) {
        if (tensors.size() < Conv4.BACKBONE_TENSORS) {
            throw new IllegalArgumentException("a backbone needs " + Conv4.BACKBONE_TENSORS + " tensors, got "
                    + tensors.size());
        }
        NDManager manager = parent.newSubManager();
        NDList copies = new NDList(Conv4.BACKBONE_TENSORS);
        try (NDManager expected = parent.newSubManager()) {
            NDList reference = architecture.initBackbone(expected, 0, DataType.FLOAT32);
            for (int i = 0; i < Conv4.BACKBONE_TENSORS; i++) {
                Shape want = reference.get(i).getShape();
                NDArray t = tensors.get(i);
                if (!t.getShape().equals(want)) {
                    manager.close();
                    throw new IllegalArgumentException("backbone tensor " + i + " has shape " + t.getShape()
                            + ", the probe architecture (hidden " + architecture.hidden() + ", "
                            + architecture.inChannels() + " channel(s)) needs " + want);
                }
                NDArray copy = t.stopGradient().toType(DataType.FLOAT32, true);
                copy.attach(manager);
                copies.add(copy);
            }
        }
        return new BackboneProbe(architecture, copies, source, manager);
    }

    @Override
    public ProbeKind kind() {
        return ProbeKind.PT_BACKBONE;
    }

    @Override
    public String description() {
        return "backbone(" + source + ", hidden=" + architecture().hidden() + ")";
    }
}
