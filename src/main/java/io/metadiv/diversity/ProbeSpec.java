package io.metadiv.diversity;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.metadiv.nn.Conv4;
import io.metadiv.training.Trainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a probe is made from, and the one place that makes it (for the service and the bench): a seeded random Conv4,
 * a TorchScript archive, or a Conv4 backbone from one of our checkpoints.
 *
 * @param kind the probe kind
 * @param hidden Conv4 width (Conv4 probes)
 * @param seed initialisation seed (random Conv4)
 * @param content archive or checkpoint bytes (TorchScript and backbone probes)
 * @param source a name for the content, recorded in the probe's description
 */
public record ProbeSpec(ProbeKind kind, int hidden, long seed, byte[] content, String source) {

    private static final int ZIP_MAGIC_0 = 'P';
    private static final int ZIP_MAGIC_1 = 'K';

    /** The default probe: Conv4 width {@link Conv4#DEFAULT_HIDDEN}, seed {@link RandomConv4Probe#DEFAULT_SEED}. */
    public static ProbeSpec defaultProbe() {
        return randomConv4(Conv4.DEFAULT_HIDDEN, RandomConv4Probe.DEFAULT_SEED);
    }

    /** A seeded random Conv4. */
    public static ProbeSpec randomConv4(int hidden, long seed) {
        return new ProbeSpec(ProbeKind.RANDOM_CONV4, hidden, seed, null, null);
    }

    /** A TorchScript archive. */
    public static ProbeSpec torchScript(byte[] archive, String source) {
        return new ProbeSpec(ProbeKind.TORCHSCRIPT, 0, 0, archive, source);
    }

    /**
     * A file's bytes: a TorchScript archive when it is a ZIP, else one of our checkpoints ({@code --save-params} of a
     * PT or MAML run) whose first tensors are a Conv4 backbone of width {@code hidden}.
     */
    public static ProbeSpec fromFile(byte[] bytes, String source, int hidden) {
        boolean zip = bytes.length > 2 && bytes[0] == ZIP_MAGIC_0 && bytes[1] == ZIP_MAGIC_1;
        return zip ? torchScript(bytes, source) : new ProbeSpec(ProbeKind.PT_BACKBONE, hidden, 0, bytes, source);
    }

    /**
     * Makes the probe for images of this shape.
     *
     * @param channels image channels
     * @param imageSize image height and width
     * @param manager parent of the probe's own manager
     * @return the probe; close it to free its tensors
     * @throws IllegalArgumentException when the width or the content does not fit
     */
    public Probe open(int channels, int imageSize, NDManager manager) {
        return switch (kind) {
            case RANDOM_CONV4 -> RandomConv4Probe.create(new Conv4(hidden, channels, imageSize), seed, manager);
            case TORCHSCRIPT -> TorchScriptProbe.load(content, source, manager);
            case PT_BACKBONE -> {
                try (NDManager scope = manager.newSubManager()) {
                    NDList params = Trainer.readParameters(new ByteArrayInputStream(content), scope);
                    yield BackboneProbe.of(new Conv4(hidden, channels, imageSize), params, "checkpoint " + source,
                            manager);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read checkpoint " + source, e);
                }
            }
        };
    }
}
