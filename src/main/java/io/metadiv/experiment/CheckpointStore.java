package io.metadiv.experiment;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A training run's latest checkpoint, in PostgreSQL (one row per run, replaced at each save, deleted with the
 * result). Writes happen inside the job's fenced transactions ({@link io.metadiv.job.JobRun#write}).
 */
@Component
class CheckpointStore {

    /** A stored checkpoint. */
    record Saved(int step, byte[] content) {
    }

    private final JdbcTemplate jdbc;

    CheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Saved latest(UUID runId) {
        List<Saved> rows = jdbc.query("SELECT step, content FROM training_checkpoint WHERE run_id = ?",
                (rs, n) -> new Saved(rs.getInt("step"), rs.getBytes("content")), runId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    void save(UUID runId, int step, byte[] content, Instant at) {
        jdbc.update("INSERT INTO training_checkpoint (run_id, step, content, saved_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (run_id) DO UPDATE SET step = EXCLUDED.step, content = EXCLUDED.content, "
                + "saved_at = EXCLUDED.saved_at", runId, step, content, Timestamp.from(at));
    }

    /** Keeps a finished run's trained state (PT runs: their backbone probes diversity scores). */
    void saveModel(UUID runId, byte[] content) {
        jdbc.update("INSERT INTO training_model (run_id, content) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE "
                + "SET content = EXCLUDED.content", runId, content);
    }

    /** A finished run's trained state, or null. */
    byte[] model(UUID runId) {
        List<byte[]> rows = jdbc.query("SELECT content FROM training_model WHERE run_id = ?",
                (rs, n) -> rs.getBytes(1), runId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    void delete(UUID runId) {
        jdbc.update("DELETE FROM training_checkpoint WHERE run_id = ?", runId);
    }
}
