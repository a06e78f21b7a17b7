package io.metadiv.job;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The workers that were seen alive lately, for estimates of wall time. A worker leaves traces only while it works:
 * db-scheduler heartbeats the executions it picked ({@code scheduled_tasks.picked_by}, {@code last_heartbeat}), and
 * it writes job events when it claims or ends a job ({@code job_event.worker_id}). A worker counts when one of these
 * is younger than the dead-worker limit (missed heartbeats × heartbeat interval, 80 s by default); this process counts
 * when it has the worker role. An idle worker elsewhere leaves no trace, so the count is a lower bound; when nothing
 * was seen it is 1.
 */
@Component
public class LiveWorkers {

    private final JdbcTemplate jdbc;
    private final DatabaseClock clock;
    private final Roles roles;
    private final WorkerProperties worker;
    private final Duration window;

    LiveWorkers(JdbcTemplate jdbc, DatabaseClock clock, Roles roles, WorkerProperties worker,
            @Value("${db-scheduler.heartbeat-interval:5m}") Duration heartbeat,
            @Value("${db-scheduler.missed-heartbeats-limit:6}") int missedHeartbeats) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.roles = roles;
        this.worker = worker;
        this.window = heartbeat.multipliedBy(Math.max(1, missedHeartbeats));
    }

    /**
     * The count.
     *
     * @param workers distinct workers seen (at least 1)
     * @param slots jobs each runs at once: this process's {@code metadiv.worker.slots}, taken to be every worker's
     * @param seen whether any worker was seen; false when {@code workers} is the fallback 1
     * @param note how it was counted
     */
    public record Count(int workers, int slots, boolean seen, String note) {
    }

    /** Workers seen within the dead-worker limit. */
    public Count count() {
        Instant since = clock.now().minus(window);
        List<String> traces = jdbc.queryForList("""
                SELECT picked_by FROM scheduled_tasks WHERE picked AND picked_by IS NOT NULL AND last_heartbeat >= ?
                UNION SELECT worker_id FROM job_event WHERE worker_id IS NOT NULL AND at >= ?""", String.class,
                Timestamp.from(since), Timestamp.from(since));
        TreeSet<String> ids = new TreeSet<>(traces);
        if (roles.worker()) {
            ids.add(worker.id());
        }
        String how = "db-scheduler heartbeats and job events of the last " + window.toSeconds() + " s (missed "
                + "heartbeats limit × heartbeat interval)" + (roles.worker() ? ", and this worker process" : "")
                + "; idle workers leave no trace, so this is a lower bound. Slots: this process's "
                + "metadiv.worker.slots (" + worker.slots() + "), taken to be every worker's";
        if (ids.isEmpty()) {
            return new Count(1, worker.slots(), false, "no worker seen in " + how + ": assumed 1 worker");
        }
        return new Count(ids.size(), worker.slots(), true, ids.size() + " worker(s) seen in " + how);
    }
}
