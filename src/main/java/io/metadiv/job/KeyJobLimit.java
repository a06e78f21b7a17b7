package io.metadiv.job;

import io.metadiv.limits.LimitExceededException;
import io.metadiv.limits.LimitProperties;
import io.metadiv.web.Caller;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code metadiv.limits.concurrent-jobs-per-key}: the QUEUED, RUNNING and CANCELLING jobs of one key (with open
 * access: of the anonymous caller, jobs without a key). Checked once per transaction, just before it commits, when
 * every job the request queues is known (a study queues many): the key's active jobs are counted in the same
 * transaction as their inserts, under a lock per key held until the commit, so two requests of one key never both
 * pass on the same count. Over the limit the transaction rolls back and nothing is stored.
 */
@Component
class KeyJobLimit {

    private final JobRepository jobs;
    private final JdbcTemplate jdbc;
    private final LimitProperties limits;
    private final JobProperties properties;

    KeyJobLimit(JobRepository jobs, JdbcTemplate jdbc, LimitProperties limits, JobProperties properties) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.limits = limits;
        this.properties = properties;
    }

    /** {@code key} (null: open access) queues one more job in the current transaction. */
    void queued(UUID key) {
        Pending pending = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(s -> s instanceof Pending p && p.owner() == this && java.util.Objects.equals(p.key, key))
                .map(Pending.class::cast).findFirst().orElseGet(() -> {
                    Pending created = new Pending(key);
                    TransactionSynchronizationManager.registerSynchronization(created);
                    return created;
                });
        pending.requested++;
    }

    /** The jobs one transaction queues for one key, checked before it commits. */
    private final class Pending implements TransactionSynchronization {

        private final UUID key;
        private long requested;

        Pending(UUID key) {
            this.key = key;
        }

        KeyJobLimit owner() {
            return KeyJobLimit.this;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            jobs.flush();
            String caller = key == null ? Caller.ANONYMOUS : key.toString();
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?))", "metadiv-key-jobs-" + caller);
            long active = key == null ? jobs.countBySubmittedByKeyIsNullAndStatusIn(JobStatus.activeSet())
                    : jobs.countBySubmittedByKeyAndStatusIn(key, JobStatus.activeSet());
            if (active > limits.concurrentJobsPerKey()) {
                throw LimitExceededException.jobs(limits.concurrentJobsPerKey(), active - requested, requested,
                        properties.retryAfter());
            }
        }
    }
}
