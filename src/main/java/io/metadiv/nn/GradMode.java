package io.metadiv.nn;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Scoped libtorch autograd mode for the current thread ({@code torch::GradMode} is thread-local). DJL's
 * PyTorch engine switches it off when it loads; training code switches it on for the duration of a step:
 * {@code try (GradMode g = GradMode.enabled()) { ... }}. Closing restores the previous mode.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;

    private GradMode(boolean on) {
        this.previous = JniUtils.isGradMode();
        JniUtils.setGradMode(on);
    }

    /** Records operations for autograd until closed. */
    public static GradMode enabled() {
        return new GradMode(true);
    }

    /** Records nothing until closed (optimiser updates, evaluation). */
    public static GradMode disabled() {
        return new GradMode(false);
    }

    /** Restores the mode found at creation. */
    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
