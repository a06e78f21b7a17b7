package io.metadiv.experiment;

import io.metadiv.dataset.DatasetReferences;
import io.metadiv.job.JobStatus;
import io.metadiv.training.RunSpec;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads experiments; reports experiments with active runs as references that block a dataset delete. */
@Service
class Experiments implements DatasetReferences {

    private final ExperimentRepository experiments;
    private final TrainingRunRepository runs;
    private final JdbcTemplate jdbc;
    private final ObjectProvider<TrainingRunReferences> references;

    Experiments(ExperimentRepository experiments, TrainingRunRepository runs, JdbcTemplate jdbc,
            ObjectProvider<TrainingRunReferences> references) {
        this.experiments = experiments;
        this.runs = runs;
        this.jdbc = jdbc;
        this.references = references;
    }

    /**
     * Deletes the experiment with its runs, checkpoints and trained models; its jobs stay as history. Refused while
     * one of its jobs is active, or while a queued or running score uses one of its runs as a probe.
     *
     * @throws ExperimentNotFoundException 404 when there is none
     * @throws ExperimentInUseException 409 with what still uses it
     */
    @Transactional
    void delete(UUID id) {
        if (jdbc.queryForList("SELECT id FROM experiment WHERE id = ? FOR UPDATE", UUID.class, id).isEmpty()) {
            throw new ExperimentNotFoundException(id);
        }
        // FOR UPDATE waits for score submissions holding a run FOR SHARE, and keeps new ones out until we end.
        jdbc.queryForList("SELECT id FROM training_run WHERE experiment_id = ? FOR UPDATE", UUID.class, id);
        List<String> uses = new ArrayList<>();
        for (TrainingRun run : runs.findByExperimentIdOrderBySeedAsc(id)) {
            if (run.getJob().getStatus().active()) {
                uses.add("job " + run.getJob().getId() + " (seed " + run.getSeed() + ", " + run.getJob().getStatus()
                        + ")");
            }
            references.forEach(r -> uses.addAll(r.referencesToTrainingJob(run.getJob().getId())));
        }
        if (!uses.isEmpty()) {
            throw new ExperimentInUseException(id, uses);
        }
        jdbc.update("DELETE FROM experiment WHERE id = ?", id);
    }

    /** Filters of the list; null means any. */
    record Filter(UUID datasetId, RunSpec.Method method, JobStatus status, Instant createdFrom, Instant createdTo) {
    }

    // One snapshot for the row and its job (loaded by a second statement): never a SUCCEEDED job without results.
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    ExperimentResponse get(UUID id) {
        Experiment e = experiments.findById(id).orElseThrow(() -> new ExperimentNotFoundException(id));
        return ExperimentResponse.of(e, runs.findByExperimentIdOrderBySeedAsc(id), true);
    }

    // One snapshot for the row and its job (loaded by a second statement): never a SUCCEEDED job without results.
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Page<ExperimentResponse> list(Filter filter, Pageable page) {
        Page<Experiment> found = experiments.findAll(matching(filter), page);
        Map<UUID, List<TrainingRun>> byExperiment = runs.findByExperimentIdIn(found.map(Experiment::getId)
                .getContent()).stream().collect(Collectors.groupingBy(TrainingRun::getExperimentId));
        return found.map(e -> ExperimentResponse.of(e, byExperiment.getOrDefault(e.getId(), List.of()).stream()
                .sorted(java.util.Comparator.comparingLong(TrainingRun::getSeed)).toList(), false));
    }

    private static Specification<Experiment> matching(Filter f) {
        return (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (f.datasetId() != null) {
                where.add(cb.equal(root.get("datasetId"), f.datasetId()));
            }
            if (f.method() != null) {
                where.add(cb.equal(root.get("method"), f.method()));
            }
            if (f.createdFrom() != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("createdAt"), f.createdFrom()));
            }
            if (f.createdTo() != null) {
                where.add(cb.lessThan(root.get("createdAt"), f.createdTo()));
            }
            if (f.status() != null) {
                // experiments with at least one run in that status
                Subquery<UUID> withStatus = query.subquery(UUID.class);
                Root<TrainingRun> run = withStatus.from(TrainingRun.class);
                withStatus.select(run.get("experimentId")).where(cb.equal(run.get("job").get("status"), f.status()));
                where.add(root.get("id").in(withStatus));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    @Override
    public List<String> referencesTo(UUID datasetId) {
        return runs.findByDatasetAndJobStatusIn(datasetId, JobStatus.activeSet()).stream()
                .map(r -> "training run " + r.getId() + " of experiment " + r.getExperimentId() + " (job "
                        + r.getJob().getId() + ", " + r.getJob().getStatus() + ")").toList();
    }
}
