package io.metadiv.diversity.api;

import io.metadiv.job.JobStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Diversity scores for other features (studies): request one or reuse an equal one, and read its outcome. */
@Service
public class DiversityScoring {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> AS_MAP = new TypeReference<>() { };

    private final DiversitySubmission submission;
    private final DiversityScoreRepository scores;

    DiversityScoring(DiversitySubmission submission, DiversityScoreRepository scores) {
        this.submission = submission;
        this.scores = scores;
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
     * Reuses the newest score of the dataset with the same settings that SUCCEEDED or is still active; otherwise
     * validates and queues a new one in the caller's transaction.
     *
     * @throws io.metadiv.web.BadRequestException when the settings do not fit the dataset
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Requested scoreOrReuse(UUID datasetId, DiversityRequest request) {
        ScoreSettings settings = DiversitySubmission.resolve(request);
        Optional<DiversityScore> equal = scores.findByDatasetIdOrderByCreatedAtDesc(datasetId).stream()
                .filter(s -> s.getJob().getStatus() == JobStatus.SUCCEEDED || s.getJob().getStatus().active())
                .filter(s -> s.settings().sameAs(settings)).findFirst();
        if (equal.isPresent()) {
            return new Requested(equal.get().getId(), true);
        }
        UUID created = submission.submit(datasetId, request).getId();
        scores.flush(); // the caller's rows reference it by SQL
        return new Requested(created, false);
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
}
