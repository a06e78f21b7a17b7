package io.metadiv.dataset;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Dataset rows. */
interface DatasetRepository extends JpaRepository<Dataset, UUID> {

    Optional<Dataset> findByChecksum(String checksum);

    long countByChecksum(String checksum);

    /** The subsets and versions derived from a dataset. */
    List<Dataset> findByParentId(UUID parentId);

    @EntityGraph(attributePaths = "classes")
    Optional<Dataset> findWithClassesById(UUID id);

    /** Locks the row so a reference check and the delete see the same state. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Dataset d where d.id = :id")
    Optional<Dataset> findForUpdate(UUID id);

    /** {@code FOR SHARE}: a delete waits for the transaction holding it, then sees the reference it inserted. */
    @Lock(LockModeType.PESSIMISTIC_READ)
    @Query("select d.id from Dataset d where d.id = :id")
    Optional<UUID> lockForShare(UUID id);
}
