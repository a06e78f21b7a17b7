package io.metadiv.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code metadiv.jobs.*}: queue and retry policy, the same for every process.
 *
 * @param queueCapacity QUEUED jobs of one kind accepted before a submit answers 503 with Retry-After
 * @param maxAttempts attempts per job (a failure or a dead worker uses one) before it ends FAILED
 * @param retryDelay wait before a failed attempt is retried (times the attempt number)
 * @param retryAfter the Retry-After a full queue answers with
 * @param databaseRetry how long a worker keeps retrying a write while the database is unreachable
 */
@ConfigurationProperties("metadiv.jobs")
record JobProperties(
        @DefaultValue("100") int queueCapacity,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10s") Duration retryDelay,
        @DefaultValue("30s") Duration retryAfter,
        @DefaultValue("5m") Duration databaseRetry) {

    JobProperties {
        if (queueCapacity < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("metadiv.jobs.queue-capacity and max-attempts must be >= 1");
        }
    }
}
