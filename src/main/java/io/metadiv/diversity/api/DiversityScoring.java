package io.metadiv.diversity.api;

import io.metadiv.diversity.ProbeKind;
import io.metadiv.episode.ImageSet;
import io.metadiv.job.JobStatus;
import io.metadiv.web.BadRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Diversity scores for other features (studies): check a request, request one or reuse an equal one, plan one
 * without storing anything, read its outcome, and the cost of finished ones.
 */
@Service
public class DiversityScoring {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> AS_MAP = new TypeReference<>() { };

    private final DiversitySubmission submission;
    private final DiversityScoreRepository scores;
    private final JdbcTemplate jdbc;

    DiversityScoring(DiversitySubmission submission, DiversityScoreRepository scores, JdbcTemplate jdbc) {
        this.submission = submission;
        this.scores = scores;
        this.jdbc = jdbc;
    }

    /**
     * A score of the dataset under these settings and probe.
     *
     * @param scoreId the score
     * @param reused whether a score requested before (SUCCEEDED, or still queued or running) is reused
     */
    public record Requested(UUID scoreId, boolean reused) {
    }

    /**
     * What a score gave so far.
     *
     * @param coefficient null until SUCCEEDED
     * @param ci95 its 95% CI half-width
     * @param probe identity of the probe as computed (null until SUCCEEDED)
     */
    public record Outcome(UUID scoreId, UUID jobId, JobStatus status, Double coefficient, Double ci95, String probe) {
    }

    /**
     * The resolved settings a score's cost depends on.
     *
     * @param probeHidden the random Conv4's width (0 for the other probes)
     * @param probeModelId the TorchScript model (else null)
     * @param probeJobId the PT run's TRAINING job whose backbone probes (else null)
     * @param noiseTasks tasks embedded a second time for the noise floor
     * @param fisherSamples 0 = exact Fisher, k = Monte-Carlo labels per example
     */
    public record Shape(ProbeKind probeKind, int probeHidden, UUID probeModelId, UUID probeJobId, int tasks,
            int noiseTasks, int ways, int shots, int queries, int fisherSamples, int headSteps) {

        static Shape of(ScoreSettings s) {
            return new Shape(s.probeKind(), s.probeHidden(), s.probeModelId(), s.probeJobId(), s.tasks(),
                    s.noiseTasks(), s.ways(), s.shots(), s.queries(), s.fisherSamples(), s.headSteps());
        }

        /** Tasks embedded in all: the score's tasks and the noise floor's re-embeddings. */
        public int embeddings() {
            return tasks + noiseTasks;
        }
    }

    /**
     * A score as a submission would request it.
     *
     * @param reusedScoreId the score it would reuse, or null when it would queue a new one
     */
    public record Planned(UUID reusedScoreId, Shape shape) {
    }

    /** A SUCCEEDED score: its shape, its dataset's images and how long it took. */
    public record Measured(Shape shape, int imageSize, int channels, double computeSeconds) {
    }

    /**
     * Reuses the newest score of the dataset with the same settings that SUCCEEDED or is still active; otherwise
     * validates and queues a new one in the caller's transaction.
     *
     * @throws io.metadiv.web.BadRequestException when the settings do not fit the dataset
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Requested scoreOrReuse(UUID datasetId, DiversityRequest request) {
        Optional<UUID> equal = reusable(datasetId, DiversitySubmission.resolve(request));
        if (equal.isPresent()) {
            return new Requested(equal.get(), true);
        }
        UUID created = submission.submit(datasetId, request).getId();
        scores.flush(); // the caller's rows reference it by SQL
        return new Requested(created, false);
    }

    /**
     * What {@link #scoreOrReuse} would refuse, with nothing stored: the first setting that does not fit the dataset or
     * the probe, with its field (empty when the problem is not one field's).
     *
     * @throws io.metadiv.dataset.DatasetNotFoundException when the dataset does not exist
     */
    @Transactional(readOnly = true)
    public List<BadRequestException.FieldError> violations(ImageSet images, DiversityRequest request) {
        try {
            submission.check(images, request);
            return List.of();
        } catch (BadRequestException e) {
            Object field = e.getBody().getProperties() == null ? null : e.getBody().getProperties().get("field");
            return List.of(new BadRequestException.FieldError(field == null ? "" : field.toString(),
                    e.getBody().getDetail()));
        }
    }

    /** What {@link #scoreOrReuse} would do, with nothing stored (the settings were checked by the caller). */
    @Transactional(readOnly = true)
    public Planned plan(UUID datasetId, DiversityRequest request) {
        ScoreSettings settings = DiversitySubmission.resolve(request);
        return new Planned(reusable(datasetId, settings).orElse(null), Shape.of(settings));
    }

    /** The newest SUCCEEDED scores, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<Measured> measured(int limit) {
        return jdbc.query("""
                SELECT s.probe_kind, s.probe_hidden, s.probe_model_id, s.probe_job_id, s.tasks, s.noise_tasks, s.ways,
                       s.shots, s.queries, s.fisher_samples, s.head_steps, d.image_size, d.channels, s.compute_seconds
                FROM diversity_score s JOIN job j ON j.id = s.job_id JOIN dataset d ON d.id = s.dataset_id
                WHERE j.status = 'SUCCEEDED' AND s.compute_seconds IS NOT NULL
                ORDER BY j.finished_at DESC LIMIT ?""", (rs, n) -> new Measured(new Shape(
                        ProbeKind.valueOf(rs.getString("probe_kind")), rs.getInt("probe_hidden"),
                        rs.getObject("probe_model_id", UUID.class), rs.getObject("probe_job_id", UUID.class),
                        rs.getInt("tasks"), rs.getInt("noise_tasks"), rs.getInt("ways"), rs.getInt("shots"),
                        rs.getInt("queries"), rs.getInt("fisher_samples"), rs.getInt("head_steps")),
                        rs.getInt("image_size"), rs.getInt("channels"), rs.getDouble("compute_seconds")), limit);
    }

    /**
     * The settings a score of this request runs with, every default filled in, by field name in the request's
     * order (the probe's as {@code probe.kind}, …; those that do not apply to the probe left out), for display.
     *
     * @throws io.metadiv.web.BadRequestException when the request is not valid
     */
    public static Map<String, Object> resolvedSettings(DiversityRequest request) {
        ScoreSettings s = DiversitySubmission.resolve(request);
        Map<String, Object> settings = JSON.convertValue(DiversityScoreResponse.Settings.of(s), AS_MAP);
        JSON.convertValue(DiversityScoreResponse.Probe.of(s, null), AS_MAP).forEach((name, value) -> {
            if (value != null) {
                settings.put("probe." + name, value);
            }
        });
        return settings;
    }

    /** The score's status and, when it SUCCEEDED, its coefficient. */
    @Transactional(readOnly = true)
    public Outcome outcome(UUID scoreId) {
        DiversityScore s = scores.findById(scoreId).orElseThrow();
        return new Outcome(s.getId(), s.getJob().getId(), s.getJob().getStatus(), s.getCoefficient(), s.getCi95(),
                s.getProbeDescription());
    }

    private Optional<UUID> reusable(UUID datasetId, ScoreSettings settings) {
        return scores.findByDatasetIdOrderByCreatedAtDesc(datasetId).stream()
                .filter(s -> s.getJob().getStatus() == JobStatus.SUCCEEDED || s.getJob().getStatus().active())
                .filter(s -> s.settings().sameAs(settings)).findFirst().map(DiversityScore::getId);
    }
}
