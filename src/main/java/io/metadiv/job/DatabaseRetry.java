package io.metadiv.job;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Retries a worker's transaction while the database is unreachable, so a result computed during an outage is
 * written once it is back instead of being lost. Every retried operation is idempotent (it re-reads the job row
 * under its lock and recognises its own earlier commit).
 */
final class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);
    private static final long FIRST_WAIT_MS = 500;
    private static final long LONGEST_WAIT_MS = 5000;

    private final Duration patience;

    DatabaseRetry(Duration patience) {
        this.patience = patience;
    }

    <T> T call(String what, Supplier<T> operation) {
        long deadline = System.nanoTime() + patience.toNanos();
        long wait = FIRST_WAIT_MS;
        while (true) {
            try {
                return operation.get();
            } catch (RuntimeException e) {
                if (!unreachable(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.warn("{}: database unreachable ({}), retrying in {} ms", what, e.getClass().getSimpleName(),
                        wait);
                sleep(wait);
                wait = Math.min(LONGEST_WAIT_MS, wait * 2);
            }
        }
    }

    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException || t instanceof java.sql.SQLTransientException
                    || t instanceof java.sql.SQLRecoverableException || t instanceof java.net.ConnectException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}
