package io.metadiv.job;

import com.github.kagkarlsson.scheduler.Clock;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database server's clock, as seen from this process: the local clock plus an offset measured against
 * {@code clock_timestamp()} every half minute in the background (never on the caller's thread, so a down database
 * does not block it). Job timestamps and db-scheduler's heartbeats and due times use it, so workers on hosts whose
 * clocks disagree still agree on when a heartbeat is stale.
 */
public final class DatabaseClock implements Clock, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseClock.class);
    private static final long REFRESH_SECONDS = 30;

    private final JdbcTemplate jdbc;
    private final ScheduledExecutorService refresher;
    private volatile long offsetMillis;

    DatabaseClock(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        measure();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-clock");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::measure, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public Instant now() {
        return Instant.now().plusMillis(offsetMillis);
    }

    /** Database time minus local time, in ms (half the round trip is the error bound). */
    public long offsetMillis() {
        return offsetMillis;
    }

    private void measure() {
        try {
            long before = System.currentTimeMillis();
            Timestamp db = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class);
            long after = System.currentTimeMillis();
            long offset = db.getTime() - (before + after) / 2;
            if (Math.abs(offset - offsetMillis) > 1000) {
                log.info("database clock is {} ms ahead of this host's", offset);
            }
            offsetMillis = offset;
        } catch (DataAccessException | NullPointerException e) {
            log.debug("database clock not measured (keeping offset {} ms): {}", offsetMillis, e.getMessage());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
