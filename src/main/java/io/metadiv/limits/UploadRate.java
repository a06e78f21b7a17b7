package io.metadiv.limits;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.metadiv.job.DatabaseClock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code metadiv.limits.uploads-per-window} per key: a Bucket4j token bucket per key in PostgreSQL (table
 * {@code upload_bucket}, each take a {@code SELECT ... FOR UPDATE} in its own transaction), so every API replica
 * counts against the same bucket. The bucket holds the whole allowance and gets it back at each window's end, so a
 * refusal's wait is the time to that end. Time is the database's ({@link DatabaseClock}), on which replicas agree; a
 * {@link TimeMeter} bean replaces it (tests advance one).
 */
@Component
class UploadRate {

    private final ProxyManager<String> buckets;
    private final BucketConfiguration allowance;
    private final LimitProperties limits;
    private final String setting;

    UploadRate(DataSource dataSource, LimitProperties limits, ObjectProvider<TimeMeter> clock,
            DatabaseClock databaseClock) {
        this.limits = limits;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("upload_bucket")
                .clientClock(clock.getIfAvailable(() -> timeOf(databaseClock)))
                .build();
        int uploads = limits.uploadsPerWindow();
        this.allowance = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(uploads).refillIntervally(uploads, limits.uploadWindow()))
                .build();
        // A changed limit starts fresh buckets rather than inheriting tokens counted under another setting.
        this.setting = ":" + uploads + "/" + limits.uploadWindow();
    }

    private static TimeMeter timeOf(DatabaseClock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                java.time.Instant now = clock.now();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /**
     * Takes one upload from {@code caller}'s allowance.
     *
     * @throws LimitExceededException when none is left in this window
     */
    void take(String caller) {
        ConsumptionProbe probe = buckets.getProxy(caller + setting, () -> allowance).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw LimitExceededException.uploads(limits.uploadsPerWindow(), limits.uploadWindow(),
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
