package io.metadiv.diversity;

import ai.djl.ndarray.NDList;
import io.metadiv.nn.Conv4;

/**
 * The frozen network whose conv weights' Fisher embeds a task: a Conv4 architecture and its 16 backbone tensors
 * (layout of {@link Conv4}). The probe owns the tensors; close it when done.
 */
public interface Probe extends AutoCloseable {

    /** Kind, recorded with every score. */
    ProbeKind kind();

    /** Human-readable identity recorded with every score, e.g. {@code "random-conv4(hidden=64, seed=0)"}. */
    String description();

    /** The architecture (hidden width, input channels, image size). */
    Conv4 architecture();

    /** The 16 backbone tensors, float32, without autograd history. */
    NDList backbone();

    /** Closes the backbone tensors. */
    @Override
    void close();
}
