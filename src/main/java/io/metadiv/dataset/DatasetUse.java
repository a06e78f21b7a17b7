package io.metadiv.dataset;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** For features that reference datasets: existence checks and the lock that keeps a reference and a delete apart. */
@Component
public class DatasetUse {

    /** Most ancestors or descendants followed (a lineage is a tree; this bounds a very deep or wide one). */
    static final int MAX_LINEAGE = 1000;

    private final DatasetRepository datasets;

    DatasetUse(DatasetRepository datasets) {
        this.datasets = datasets;
    }

    /**
     * Locks the dataset for use until the caller's transaction ends; call it in the transaction that inserts the row
     * referencing it (see {@link DatasetReferences}).
     *
     * @throws DatasetNotFoundException when it does not exist
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockForUse(UUID id) {
        datasets.lockForShare(id).orElseThrow(() -> new DatasetNotFoundException(id));
    }

    /**
     * The dataset's content checksum (SHA-256 of its tensor blob), for lineage.
     *
     * @throws DatasetNotFoundException when it does not exist
     */
    @Transactional(readOnly = true)
    public String checksum(UUID id) {
        return datasets.findById(id).map(Dataset::getChecksum).orElseThrow(() -> new DatasetNotFoundException(id));
    }

    /**
     * The dataset's classes in label order, with their image counts: its metadata, no tensors read.
     *
     * @throws DatasetNotFoundException when it does not exist
     */
    @Transactional(readOnly = true)
    public List<DatasetClass> classes(UUID id) {
        return List.copyOf(datasets.findWithClassesById(id).orElseThrow(() -> new DatasetNotFoundException(id))
                .getClasses());
    }

    /**
     * @throws DatasetNotFoundException when it does not exist
     */
    @Transactional(readOnly = true)
    public void requireExists(UUID id) {
        if (!datasets.existsById(id)) {
            throw new DatasetNotFoundException(id);
        }
    }

    /**
     * The dataset's line of descent: its uploaded root first, then every subset or version on the way, the dataset
     * itself last (at most {@value #MAX_LINEAGE} ancestors).
     *
     * @throws DatasetNotFoundException when it does not exist
     */
    @Transactional(readOnly = true)
    public List<Dataset> chain(UUID id) {
        java.util.ArrayDeque<Dataset> chain = new java.util.ArrayDeque<>();
        chain.push(datasets.findById(id).orElseThrow(() -> new DatasetNotFoundException(id)));
        while (chain.peek().getParentId() != null && chain.size() <= MAX_LINEAGE) {
            chain.push(datasets.findById(chain.peek().getParentId()).orElseThrow());
        }
        return List.copyOf(chain);
    }
}
