package io.metadiv.experiment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Result pages with their totals by query and results version (V20: a sequence that moves whenever a result row may have
 * changed). Dashboards ask the same few pages again and again; a page of 100 rows costs PostgreSQL about 2 ms and
 * the version about 0.1 ms, so repeats cost the version alone. A new finished run, score, deletion or rename moves
 * the version and every page is read anew. The time-to-live only bounds the race of a version that moved a few
 * microseconds before its rows were committed.
 */
@Component
class ResultsCache {

    private final JdbcTemplate jdbc;
    private final Cache<Key, Object> pages;

    ResultsCache(JdbcTemplate jdbc, @Value("${metadiv.results.cache-pages}") long maxPages,
            @Value("${metadiv.results.cache-ttl}") Duration ttl) {
        this.jdbc = jdbc;
        this.pages = Caffeine.newBuilder().maximumSize(maxPages).expireAfterWrite(ttl).build();
    }

    /** A query and the results version it was answered under. */
    private record Key(Object query, long version) {
    }

    /**
     * The cached answer to a query under the current version, or the computed one.
     *
     * @param query equal for equal queries (a record of the filter, sort and page)
     * @param compute the answer from the database
     */
    @SuppressWarnings("unchecked")
    <T> T get(Object query, Supplier<T> compute) {
        long version = jdbc.queryForObject("SELECT last_value FROM results_version", Long.class);
        return (T) pages.get(new Key(query, version), k -> compute.get());
    }
}
