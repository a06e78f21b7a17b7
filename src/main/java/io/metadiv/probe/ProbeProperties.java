package io.metadiv.probe;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code metadiv.probe.*}: limits on uploaded TorchScript probe models.
 *
 * @param maxBytes the largest archive an upload may be, default 100 MiB
 * @param maxSeconds wall time one diversity score under an uploaded model may take on a worker, default 600 s;
 *     past it the score fails
 */
@ConfigurationProperties("metadiv.probe")
public record ProbeProperties(@DefaultValue("104857600") long maxBytes, @DefaultValue("600") long maxSeconds) {

    /** Checks ranges. */
    public ProbeProperties {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("metadiv.probe.max-bytes must be >= 1, got " + maxBytes);
        }
        if (maxSeconds < 1) {
            throw new IllegalArgumentException("metadiv.probe.max-seconds must be >= 1, got " + maxSeconds);
        }
    }
}
