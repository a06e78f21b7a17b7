package io.metadiv.study;

import io.metadiv.dataset.DatasetReferences;
import io.metadiv.diversity.api.DiversityScoring;
import io.metadiv.experiment.TrainingRunReferences;
import io.metadiv.experiment.TrainingRuns;
import io.metadiv.job.JobStatus;
import io.metadiv.study.analysis.Observation;
import io.metadiv.study.analysis.ProbeAgreement;
import io.metadiv.study.analysis.QuantityVariety;
import io.metadiv.study.analysis.StudyAnalysis;
import io.metadiv.training.RunSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * Reads studies with the state of their scores and runs and, once every job ended, their analysis. A study keeps the
 * datasets and runs it points at: deleting one of them answers 409 until the study is deleted.
 */
@Service
class Studies implements DatasetReferences, TrainingRunReferences {

    private final JdbcTemplate jdbc;
    private final DiversityScoring scoring;
    private final TrainingRuns training;

    Studies(JdbcTemplate jdbc, DiversityScoring scoring, TrainingRuns training) {
        this.jdbc = jdbc;
        this.scoring = scoring;
        this.training = training;
    }

    /** One snapshot of every job of the study, so a SUCCEEDED job always comes with its result. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    StudyResponse get(UUID id) {
        Map<String, Object> row = jdbc.queryForList("SELECT name, request, created_at FROM study WHERE id = ?", id)
                .stream().findFirst().orElseThrow(() -> new StudyNotFoundException(id));
        StudyRequest request = StudySubmission.JSON.readValue((String) row.get("request"), StudyRequest.class);
        List<StudyResponse.DatasetEntry> datasets = scores(id, 0);
        List<StudyResponse.DatasetEntry> second = request.robustnessProbe() == null ? List.of() : scores(id, 1);
        List<TrainingRuns.Outcome> outcomes = new ArrayList<>();
        List<StudyResponse.RunEntry> runs = jdbc.query("""
                SELECT r.dataset_id, r.method, r.run_id, r.reused FROM study_run r
                JOIN study_score s ON s.study_id = r.study_id AND s.dataset_id = r.dataset_id AND s.probe = 0
                WHERE r.study_id = ? ORDER BY s.position, r.method, r.seed""", (rs, n) -> {
            TrainingRuns.Outcome o = training.outcome(rs.getObject("run_id", UUID.class));
            outcomes.add(o);
            return new StudyResponse.RunEntry(rs.getObject("dataset_id", UUID.class),
                    RunSpec.Method.valueOf(rs.getString("method")), o.seed(), o.runId(), o.jobId(),
                    rs.getBoolean("reused"), o.status(), o.accuracy(), o.ci95());
        }, id);
        List<JobStatus> statuses = new ArrayList<>();
        datasets.forEach(d -> statuses.add(d.status()));
        second.forEach(d -> statuses.add(d.status()));
        runs.forEach(r -> statuses.add(r.status()));
        int ended = (int) statuses.stream().filter(s -> !s.active()).count();
        int succeeded = (int) statuses.stream().filter(s -> s == JobStatus.SUCCEEDED).count();
        int reused = (int) (Stream.concat(datasets.stream(), second.stream()).filter(StudyResponse.DatasetEntry::reused)
                .count() + runs.stream().filter(StudyResponse.RunEntry::reused).count());
        boolean done = ended == statuses.size();
        String status = !done ? "RUNNING" : succeeded == statuses.size() ? "SUCCEEDED" : "FAILED";
        StudyAnalysis analysis = done ? analyse(request, runs, outcomes, datasets) : null;
        StudyResponse.Robustness robustness = null;
        if (!second.isEmpty()) {
            StudyAnalysis under = done ? analyse(request, runs, outcomes, second) : null;
            robustness = new StudyResponse.Robustness(request.robustnessProbe(), second, under,
                    analysis == null || under == null ? null : ProbeAgreement.of(analysis, under,
                            probeName(datasets), probeName(second)));
        }
        QuantityVariety grid = done && StudySubmission.quantityVsVariety(request)
                ? quantityVariety(request, datasets, runs) : null;
        String self = "/api/v1/studies/" + id;
        return new StudyResponse(id, (String) row.get("name"), ((java.sql.Timestamp) row.get("created_at"))
                .toInstant(), status, new StudyResponse.Progress(statuses.size(), ended, succeeded, ended - succeeded,
                reused), datasets, runs, analysis, grid, robustness, request, new StudyResponse.Links(self,
                self + "/plot.png", self + "/plot.svg", StudyReportController.PATH.replace("{id}", id.toString())));
    }

    /** The runs that SUCCEEDED on a dataset whose score SUCCEEDED, as the analysis' observations; null if none. */
    private static StudyAnalysis analyse(StudyRequest request, List<StudyResponse.RunEntry> runs,
            List<TrainingRuns.Outcome> outcomes, List<StudyResponse.DatasetEntry> scores) {
        Map<UUID, StudyResponse.DatasetEntry> byDataset = new HashMap<>();
        scores.forEach(d -> byDataset.put(d.datasetId(), d));
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            StudyResponse.RunEntry r = runs.get(i);
            TrainingRuns.Outcome o = outcomes.get(i);
            StudyResponse.DatasetEntry d = byDataset.get(r.datasetId());
            if (o.status() == JobStatus.SUCCEEDED && d.status() == JobStatus.SUCCEEDED) {
                observations.add(new Observation(r.datasetId().toString(), d.name(), r.method(), o.seed(),
                        d.coefficient(), d.ci95() == null ? 0 : d.ci95(), o.accuracy(), o.ci95(), o.loss(),
                        o.cpuSeconds() == null ? 0 : o.cpuSeconds(), o.wallSeconds() == null ? 0 : o.wallSeconds()));
            }
        }
        return observations.isEmpty() ? null : StudyAnalysis.of(observations,
                StudySubmission.criteria(request.criteria()), request.bootstrapSeed());
    }

    /** The grid's answer from the runs that SUCCEEDED; cells are the study's datasets in position order. */
    private static QuantityVariety quantityVariety(StudyRequest request, List<StudyResponse.DatasetEntry> datasets,
            List<StudyResponse.RunEntry> runs) {
        List<QuantityVariety.Cell> cells = new ArrayList<>();
        Map<UUID, Integer> position = new HashMap<>();
        for (int i = 0; i < datasets.size(); i++) {
            StudyResponse.DatasetEntry d = datasets.get(i);
            int[] levels = GridCells.levels(request.grid(), i);
            cells.add(new QuantityVariety.Cell(d.datasetId().toString(), levels[0], levels[1], d.coefficient(),
                    d.ci95()));
            position.put(d.datasetId(), i);
        }
        List<QuantityVariety.Run> finished = runs.stream().filter(r -> r.status() == JobStatus.SUCCEEDED)
                .map(r -> new QuantityVariety.Run(position.get(r.datasetId()), r.method(), r.seed(), r.accuracy()))
                .toList();
        return QuantityVariety.of(cells, finished, request.methods());
    }

    private static String probeName(List<StudyResponse.DatasetEntry> scores) {
        return scores.stream().map(StudyResponse.DatasetEntry::probe).filter(java.util.Objects::nonNull).findFirst()
                .orElse("its probe");
    }

    private List<StudyResponse.DatasetEntry> scores(UUID study, int probe) {
        return jdbc.query("""
                SELECT s.dataset_id, d.name, s.score_id, s.reused FROM study_score s JOIN dataset d ON d.id = s.dataset_id
                WHERE s.study_id = ? AND s.probe = ? ORDER BY s.position""", (rs, n) -> dataset(rs), study, probe);
    }

    /** The study once analysed, or 409 while jobs are still running. */
    StudyResponse analysed(UUID id) {
        StudyResponse study = get(id);
        if (study.analysis() == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Study " + id + " is "
                    + study.status() + " (" + study.progress().ended() + " of " + study.progress().jobs()
                    + " jobs ended); its analysis comes when every job ended and at least one run succeeded");
            problem.setTitle("Study not analysed yet");
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
        return study;
    }

    /** Newest first. */
    @Transactional(readOnly = true)
    List<Map<String, Object>> list(int page, int size) {
        return jdbc.queryForList("SELECT id, name, created_at AS \"createdAt\" FROM study ORDER BY created_at DESC, "
                + "id LIMIT ? OFFSET ?", size, (long) page * size);
    }

    @Transactional
    void delete(UUID id) {
        if (jdbc.update("DELETE FROM study WHERE id = ?", id) == 0) {
            throw new StudyNotFoundException(id);
        }
    }

    @Override
    public List<String> referencesTo(UUID datasetId) {
        // a quantity-vs-variety study scores a dataset derived from the one it trains on: both are in use
        return jdbc.queryForList("SELECT DISTINCT s.study_id FROM study_score s JOIN diversity_score d ON d.id = "
                + "s.score_id WHERE s.dataset_id = ? OR d.dataset_id = ?", UUID.class, datasetId, datasetId).stream()
                .map(s -> "study " + s).toList();
    }

    @Override
    public List<String> referencesToTrainingJob(UUID jobId) {
        return jdbc.queryForList("SELECT DISTINCT s.study_id FROM study_run s JOIN training_run r ON r.id = s.run_id "
                + "WHERE r.job_id = ?", UUID.class, jobId).stream().map(s -> "study " + s).toList();
    }

    private StudyResponse.DatasetEntry dataset(ResultSet rs) throws SQLException {
        DiversityScoring.Outcome o = scoring.outcome(rs.getObject("score_id", UUID.class));
        return new StudyResponse.DatasetEntry(rs.getObject("dataset_id", UUID.class), rs.getString("name"),
                o.scoreId(), o.jobId(), rs.getBoolean("reused"), o.status(), o.coefficient(), o.ci95(), o.probe());
    }
}
