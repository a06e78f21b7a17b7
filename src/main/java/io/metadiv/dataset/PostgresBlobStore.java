package io.metadiv.dataset;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Blobs in the {@code dataset_blob} table (bytea), the default: API and workers then share only the database, and
 * a blob is written in the same transaction as its dataset row.
 */
class PostgresBlobStore implements BlobStore {

    private final JdbcTemplate jdbc;

    PostgresBlobStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(String checksum, Path file, long bytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // ON CONFLICT: a concurrent identical upload waits here for the first one's commit, then does nothing.
            jdbc.update("INSERT INTO dataset_blob (checksum, size_bytes, data) VALUES (?, ?, ?) "
                    + "ON CONFLICT (checksum) DO NOTHING", ps -> {
                        ps.setString(1, checksum);
                        ps.setLong(2, bytes);
                        ps.setBinaryStream(3, in, bytes);
                    });
        }
    }

    @Override
    public InputStream open(String checksum) throws IOException {
        List<byte[]> data = jdbc.query("SELECT data FROM dataset_blob WHERE checksum = ?",
                (rs, row) -> rs.getBytes(1), checksum);
        if (data.isEmpty()) {
            throw new FileNotFoundException("No blob " + checksum);
        }
        return new ByteArrayInputStream(data.get(0));
    }

    @Override
    public boolean exists(String checksum) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM dataset_blob WHERE checksum = ?)", Boolean.class, checksum));
    }

    @Override
    public void delete(String checksum) {
        jdbc.update("DELETE FROM dataset_blob WHERE checksum = ?", checksum);
    }

    @Override
    public long count() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM dataset_blob", Long.class);
        return count == null ? 0 : count;
    }
}
