package io.metadiv.diversity;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.metadiv.nn.Conv4;

/** The default probe: a Conv4 backbone with a seeded Xavier-uniform initialisation (the reference's
 * {@code probe_backbone(hidden, seed)}; initial values differ between libraries, the distribution is the same). */
public final class RandomConv4Probe extends Conv4Probe {

    /** Default probe seed. */
    public static final long DEFAULT_SEED = 0L;

    private final long seed;

    private RandomConv4Probe(Conv4 architecture, long seed, NDManager manager) {
        super(architecture, manager, architecture.initBackbone(manager, seed, DataType.FLOAT32));
        this.seed = seed;
    }

    /**
     * Initialises the probe.
     *
     * @param architecture Conv4 matching the images (channels, size)
     * @param seed initialisation seed
     * @param parent manager under which the probe's own child manager is created
     * @return the probe; close it to free the tensors
     */
    public static RandomConv4Probe create(Conv4 architecture, long seed, NDManager parent) {
        return new RandomConv4Probe(architecture, seed, parent.newSubManager());
    }

    /** The initialisation seed. */
    public long seed() {
        return seed;
    }

    @Override
    public ProbeKind kind() {
        return ProbeKind.RANDOM_CONV4;
    }

    @Override
    public String description() {
        return "random-conv4(hidden=" + architecture().hidden() + ", seed=" + seed + ")";
    }
}
