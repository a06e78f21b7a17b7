package io.metadiv.dataset;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code dataset_upload} table: which dataset each known {@link UploadKey} produced. */
@Repository
class UploadKeys {

    private final JdbcTemplate jdbc;
    private final DatasetRepository datasets;

    UploadKeys(JdbcTemplate jdbc, DatasetRepository datasets) {
        this.jdbc = jdbc;
        this.datasets = datasets;
    }

    /** The dataset this upload produced before, if it still exists. */
    Optional<Dataset> find(UploadKey key) {
        return jdbc.queryForList("SELECT dataset_id FROM dataset_upload WHERE upload_key = ?", UUID.class, key.key())
                .stream().findFirst().flatMap(datasets::findById);
    }

    /** Records that {@code key} produced the dataset; a no-op when it is known or the dataset is gone. */
    void record(UploadKey key, UUID datasetId) {
        jdbc.update("INSERT INTO dataset_upload (upload_key, description, dataset_id) SELECT ?, ?, id FROM dataset "
                + "WHERE id = ? ON CONFLICT (upload_key) DO NOTHING", key.key(), key.description(), datasetId);
    }
}
