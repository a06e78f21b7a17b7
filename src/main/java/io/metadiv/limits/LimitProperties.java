package io.metadiv.limits;

import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code metadiv.limits.*}: what one API key (or, with open access, the one anonymous caller) may do.
 *
 * @param uploadsPerWindow dataset and probe model uploads one key may start per {@code uploadWindow}
 * @param uploadWindow the window of {@code uploadsPerWindow}
 * @param concurrentJobsPerKey QUEUED, RUNNING and CANCELLING jobs one key may have at once
 * @param jsonBodyMax the largest JSON request body read (uploads have the multipart limits instead)
 */
@ConfigurationProperties("metadiv.limits")
public record LimitProperties(
        @DefaultValue("30") int uploadsPerWindow,
        @DefaultValue("1m") Duration uploadWindow,
        @DefaultValue("100") int concurrentJobsPerKey,
        @DefaultValue("1MB") DataSize jsonBodyMax) {

    /** The settings' names, as problems name the limit a request hit. */
    public static final String UPLOADS_PER_WINDOW = "metadiv.limits.uploads-per-window";
    public static final String CONCURRENT_JOBS_PER_KEY = "metadiv.limits.concurrent-jobs-per-key";

    public LimitProperties {
        if (uploadsPerWindow < 1 || concurrentJobsPerKey < 1 || uploadWindow.toMillis() < 1
                || jsonBodyMax.toBytes() < 1) {
            throw new IllegalArgumentException(UPLOADS_PER_WINDOW + ", " + CONCURRENT_JOBS_PER_KEY
                    + ", metadiv.limits.upload-window and json-body-max must be positive");
        }
    }
}
