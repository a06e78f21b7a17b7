package io.metadiv.diversity;

/**
 * The frozen network whose conv weights' Fisher embeds a task: a Conv4 backbone ({@link Conv4Probe}) or a
 * TorchScript model ({@link TorchScriptProbe}). The probe owns its tensors; close it when done.
 */
public interface Probe extends AutoCloseable {

    /** Kind, recorded with every score. */
    ProbeKind kind();

    /** Human-readable identity recorded with every score, e.g. {@code "random-conv4(hidden=64, seed=0)"}. */
    String description();

    /**
     * The Task2Vec embedder of this probe.
     *
     * @param config head and Fisher settings
     * @return an embedder that uses (does not own) this probe
     */
    TaskEmbedder embedder(Task2Vec.Config config);

    /** Frees the probe's tensors. */
    @Override
    void close();
}
