package io.metadiv.job;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Per-step metrics of jobs ({@code job_metric}): what {@code GET /api/v1/jobs/{id}/metrics} serves. */
@Component
public class JobMetricHistory {

    /**
     * One step.
     *
     * @param step 1-based step
     * @param loss its training loss
     * @param stepMs its wall time in ms
     * @param at when it was recorded (database clock)
     */
    @Schema(name = "JobMetricStep")
    public record Step(int step, double loss, double stepMs, Instant at) {
    }

    private final JdbcTemplate jdbc;

    JobMetricHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores steps (a redone step replaces its earlier row); call it inside the job's fenced writes. */
    public void record(UUID jobId, List<Step> steps) {
        jdbc.batchUpdate("INSERT INTO job_metric (job_id, step, loss, step_ms, at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (job_id, step) DO UPDATE SET loss = EXCLUDED.loss, step_ms = EXCLUDED.step_ms, "
                + "at = EXCLUDED.at", steps, steps.size(), (ps, s) -> {
                    ps.setObject(1, jobId);
                    ps.setInt(2, s.step());
                    ps.setDouble(3, s.loss());
                    ps.setDouble(4, s.stepMs());
                    ps.setTimestamp(5, Timestamp.from(s.at()));
                });
    }

    /** A job's steps in order, from {@code afterStep} on (exclusive). */
    public List<Step> steps(UUID jobId, int afterStep) {
        return jdbc.query("SELECT step, loss, step_ms, at FROM job_metric WHERE job_id = ? AND step > ? ORDER BY step",
                (rs, n) -> new Step(rs.getInt("step"), rs.getDouble("loss"), rs.getDouble("step_ms"),
                        rs.getTimestamp("at").toInstant()), jobId, afterStep);
    }
}
