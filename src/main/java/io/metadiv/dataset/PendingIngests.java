package io.metadiv.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code dataset_ingest} rows of asynchronous uploads and their raw parts in {@code upload_chunk}, sliced so that
 * neither the request writing a part nor the worker reading it holds more than one slice in memory. The database is
 * where API and workers of any process meet, whichever blob store holds the tensors.
 */
@Repository
class PendingIngests {

    /** Bytes per stored slice of a raw part. */
    static final int CHUNK_BYTES = 4 << 20;

    private final JdbcTemplate jdbc;

    PendingIngests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * An upload waiting for its INGEST job.
     *
     * @param datasetId the dataset it produced, once the job found or made it
     */
    record PendingIngest(UUID id, String name, DatasetFormat format, int imageSize, int channels, UploadKey key,
            long uploadBytes, UUID datasetId) {
    }

    void insert(PendingIngest ingest) {
        jdbc.update("INSERT INTO dataset_ingest (id, name, format, image_size, channels, upload_key, description, "
                + "upload_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ingest.id(), ingest.name(), ingest.format().name(),
                ingest.imageSize(), ingest.channels(), ingest.key().key(), ingest.key().description(),
                ingest.uploadBytes());
    }

    Optional<PendingIngest> find(UUID id) {
        return jdbc.query("SELECT * FROM dataset_ingest WHERE id = ?", (rs, row) -> new PendingIngest(
                rs.getObject("id", UUID.class), rs.getString("name"), DatasetFormat.valueOf(rs.getString("format")),
                rs.getInt("image_size"), rs.getInt("channels"),
                new UploadKey(rs.getString("upload_key"), rs.getString("description")), rs.getLong("upload_bytes"),
                rs.getObject("dataset_id", UUID.class)), id).stream().findFirst();
    }

    /** Records the dataset the ingest produced and drops its raw parts (in the caller's transaction). */
    void finish(UUID id, UUID datasetId) {
        jdbc.update("UPDATE dataset_ingest SET dataset_id = ? WHERE id = ?", datasetId, id);
        discardParts(id);
    }

    /** Stores a raw part slice by slice. */
    void writePart(UUID id, String part, InputStream in) throws IOException {
        byte[] slice = new byte[CHUNK_BYTES];
        int seq = 0;
        for (int n = in.readNBytes(slice, 0, CHUNK_BYTES); n > 0; n = in.readNBytes(slice, 0, CHUNK_BYTES)) {
            byte[] data = n == CHUNK_BYTES ? slice : java.util.Arrays.copyOf(slice, n);
            jdbc.update("INSERT INTO upload_chunk (ingest_id, part, seq, data) VALUES (?, ?, ?, ?)", id, part, seq++,
                    data);
        }
    }

    /** Copies a raw part into {@code file}, one slice in memory at a time. */
    void copyPart(UUID id, String part, Path file) throws IOException {
        List<Integer> seqs = jdbc.queryForList("SELECT seq FROM upload_chunk WHERE ingest_id = ? AND part = ? "
                + "ORDER BY seq", Integer.class, id, part);
        if (seqs.isEmpty()) {
            throw new IllegalStateException("ingest " + id + " has no stored part '" + part + "'");
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int seq : seqs) {
                out.write(jdbc.queryForObject("SELECT data FROM upload_chunk WHERE ingest_id = ? AND part = ? "
                        + "AND seq = ?", byte[].class, id, part, seq));
            }
        }
    }

    /** Drops the raw parts. */
    void discardParts(UUID id) {
        jdbc.update("DELETE FROM upload_chunk WHERE ingest_id = ?", id);
    }
}
