package io.metadiv.diversity;

/** Where a probe network's backbone comes from. Scores are comparable only under the same probe. */
public enum ProbeKind {
    /** A Conv4 initialised from a seed (the default). */
    RANDOM_CONV4,
    /** The backbone of a finished pre-training (PT) run, given as tensors. */
    PT_BACKBONE,
    /** A TorchScript model uploaded by the user ({@link TorchScriptProbe}). */
    TORCHSCRIPT
}
