package io.metadiv.job;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface JobRepository extends JpaRepository<Job, UUID> {

    /** The row under {@code SELECT ... FOR UPDATE}: every status change goes through this. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.id = :id")
    Optional<Job> lock(UUID id);

    long countByKindAndStatus(JobKind kind, JobStatus status);

    long countBySubmittedByKeyAndStatusIn(UUID submittedByKey, java.util.Collection<JobStatus> statuses);

    long countBySubmittedByKeyIsNullAndStatusIn(java.util.Collection<JobStatus> statuses);

    /** {@code [kind, status, count]} rows. */
    @Query("select j.kind, j.status, count(j) from Job j where j.status in :statuses group by j.kind, j.status")
    List<Object[]> countByKindAndStatusIn(java.util.Collection<JobStatus> statuses);
}
