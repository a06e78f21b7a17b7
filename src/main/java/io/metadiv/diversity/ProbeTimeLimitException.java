package io.metadiv.diversity;

import java.time.Duration;

/** A TorchScript probe was asked for another forward pass after its time limit ({@link TorchScriptProbe#limitTime}). */
public final class ProbeTimeLimitException extends RuntimeException {

    ProbeTimeLimitException(String source, Duration limit) {
        super("the probe model " + source + " ran past its time limit of " + limit.toSeconds() + " s");
    }
}
