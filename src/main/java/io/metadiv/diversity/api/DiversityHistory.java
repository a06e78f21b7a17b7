package io.metadiv.diversity.api;

import io.metadiv.dataset.Dataset;
import io.metadiv.dataset.DatasetUse;
import io.metadiv.job.JobStatus;
import io.metadiv.web.BadRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The diversity coefficient of every dataset on a lineage (root → … → dataset) under one setting and probe: a
 * SUCCEEDED or still active score with equal settings is reused, a FAILED or CANCELLED one is shown as it is, and
 * where there is none a score is queued. Each dataset is compared with its parent by {@link #gained}.
 */
@Service
class DiversityHistory {

    /** When {@code diversityGained} is true, in the API's words. */
    static final String RULE = "diversityGained is true when the dataset's coefficient is above its parent's "
            + "coefficient plus the parent's 95% CI half-width (coefficient > parent.coefficient + parent.ci95) and "
            + "false when it is not (no diversity gained); null for the root and while either score has not "
            + "SUCCEEDED";

    private final DatasetUse datasets;
    private final DiversitySubmission submission;
    private final DiversityScoreRepository scores;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate write;
    private final TransactionTemplate snapshot;

    DiversityHistory(DatasetUse datasets, DiversitySubmission submission, DiversityScoreRepository scores,
            JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.datasets = datasets;
        this.submission = submission;
        this.scores = scores;
        this.jdbc = jdbc;
        this.write = new TransactionTemplate(transactions);
        this.snapshot = new TransactionTemplate(transactions);
        // one snapshot for each score row and its job (a second statement): never a SUCCEEDED job without results
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /** Whether a coefficient rose beyond its parent's 95% CI. */
    static boolean gained(double coefficient, double parentCoefficient, double parentCi95) {
        return coefficient > parentCoefficient + parentCi95;
    }

    /**
     * The history of the dataset, queueing the scores it lacks.
     *
     * @throws io.metadiv.dataset.DatasetNotFoundException when the dataset does not exist
     * @throws BadRequestException when the settings are invalid or do not fit the dataset itself (nothing queued); an
     *     ancestor they do not fit is listed without a score
     * @throws io.metadiv.job.JobQueueFullException when the diversity queue is full (the scores queued before stay)
     */
    DiversityHistoryResponse of(UUID datasetId, DiversityRequest request) {
        ScoreSettings settings = DiversitySubmission.resolve(request);
        List<Dataset> chain = datasets.chain(datasetId);
        Map<UUID, String> unfit = new LinkedHashMap<>();
        for (Dataset d : chain) {
            try {
                submission.check(d.getId(), request);
            } catch (BadRequestException e) {
                if (d.getId().equals(datasetId)) {
                    throw e;
                }
                unfit.put(d.getId(), e.getBody().getDetail());
            }
        }
        Map<UUID, UUID> scoreOf = new LinkedHashMap<>();
        for (Dataset d : chain) {
            if (!unfit.containsKey(d.getId())) {
                scoreOf.put(d.getId(), reuseOrQueue(d.getId(), settings, request));
            }
        }
        Map<UUID, DiversityScore> read = snapshot.execute(status -> scores.findAllById(scoreOf.values()).stream()
                .collect(Collectors.toMap(DiversityScore::getId, Function.identity())));
        List<DiversityHistoryResponse.Entry> entries = new ArrayList<>();
        for (Dataset d : chain) {
            DiversityScore score = scoreOf.containsKey(d.getId()) ? read.get(scoreOf.get(d.getId())) : null;
            entries.add(entry(d, score, unfit.get(d.getId()), entries.isEmpty() ? null : entries.get(entries.size()
                    - 1)));
        }
        boolean complete = entries.stream().noneMatch(e -> e.status() != null && e.status().active());
        return new DiversityHistoryResponse(datasetId, DiversityScoreResponse.Settings.of(settings),
                DiversityScoreResponse.Probe.of(settings, null), RULE, complete, entries);
    }

    /**
     * The score of the dataset under these settings: the newest SUCCEEDED or active one, else the newest FAILED or
     * CANCELLED one, else a new one. A lock per dataset keeps two histories asked at once from queueing two.
     */
    private UUID reuseOrQueue(UUID datasetId, ScoreSettings settings, DiversityRequest request) {
        return write.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?))", "metadiv-diversity-history-" + datasetId);
            List<DiversityScore> equal = scores.findByDatasetIdOrderByCreatedAtDesc(datasetId).stream()
                    .filter(s -> s.settings().sameAs(settings)).toList();
            return equal.stream().filter(s -> s.getJob().getStatus() == JobStatus.SUCCEEDED
                    || s.getJob().getStatus().active()).findFirst().or(() -> equal.stream().findFirst())
                    .orElseGet(() -> submission.submit(datasetId, request)).getId();
        });
    }

    private static DiversityHistoryResponse.Entry entry(Dataset d, DiversityScore score, String unfit,
            DiversityHistoryResponse.Entry parent) {
        JobStatus status = score == null ? null : score.getJob().getStatus();
        Double coefficient = status == JobStatus.SUCCEEDED ? score.getCoefficient() : null;
        Double ci95 = coefficient == null ? null : score.getCi95();
        Boolean gained = null;
        String sentence;
        if (score == null) {
            sentence = "No score: these settings do not fit this dataset (" + unfit + ").";
        } else if (coefficient == null) {
            sentence = status.active() ? "Score " + status + ": GET this history again once it has run."
                    : "Score " + status + (score.getJob().getErrorType() == null ? "" : " (" + score.getJob()
                            .getErrorType() + ": " + score.getJob().getErrorMessage() + ")") + "; it is not queued "
                            + "again: POST /api/v1/datasets/" + d.getId() + "/diversity with these settings to retry.";
        } else if (parent == null) {
            sentence = "The root of the lineage: diversity " + num(coefficient) + " ± " + num(ci95) + ".";
        } else if (parent.coefficient() == null) {
            sentence = "Diversity " + num(coefficient) + " ± " + num(ci95) + "; its parent has no finished score to "
                    + "compare with.";
        } else {
            gained = gained(coefficient, parent.coefficient(), parent.ci95());
            String threshold = "its parent's " + num(parent.coefficient()) + " + " + num(parent.ci95()) + " = "
                    + num(parent.coefficient() + parent.ci95());
            sentence = gained ? "Diversity gained: " + num(coefficient) + " ± " + num(ci95) + " is above " + threshold
                    + "." : "No diversity gained: " + num(coefficient) + " ± " + num(ci95) + " is not above "
                    + threshold + ".";
        }
        return new DiversityHistoryResponse.Entry(d.getId(), d.getName(), d.getFormat(), d.getParentId(),
                d.getImageCount(), d.getClassCount(), score == null ? null : score.getId(), status, coefficient, ci95,
                gained, sentence);
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
