package io.metadiv.study;

import io.metadiv.dataset.DatasetTensors;
import io.metadiv.diversity.api.DiversityRequest;
import io.metadiv.diversity.api.DiversityScoring;
import io.metadiv.experiment.ExperimentRequest;
import io.metadiv.experiment.TrainingRuns;
import io.metadiv.job.LiveWorkers;
import io.metadiv.job.WorkerProperties;
import io.metadiv.training.RunSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dry run of a study: checks the request as {@link StudySubmission#submit} does, finds what it would reuse by the
 * same rules, and estimates the rest ({@link CostEstimates}). Reads one snapshot; stores and queues nothing.
 */
@Service
class StudyPlanner {

    /** Finished jobs read for the estimates, newest first. */
    static final int HISTORY = 500;

    private final StudySubmission submission;
    private final TrainingRuns training;
    private final DiversityScoring scoring;
    private final LiveWorkers liveWorkers;
    private final WorkerProperties worker;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final DatasetTensors tensors;

    StudyPlanner(StudySubmission submission, TrainingRuns training, DiversityScoring scoring, LiveWorkers liveWorkers,
            WorkerProperties worker, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            DatasetTensors tensors) {
        this.tensors = tensors;
        this.submission = submission;
        this.training = training;
        this.scoring = scoring;
        this.liveWorkers = liveWorkers;
        this.worker = worker;
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** One dataset's images. */
    private record Images(UUID id, String name, int size, int channels) {
    }

    /** One job of the plan with its estimate. */
    private record Planned(UUID datasetId, Images images, RunSpec.Method method, boolean reused,
            CostEstimates.Cost cost) {
    }

    /**
     * @throws io.metadiv.web.BadRequestException naming every offending field, as a submission would
     */
    StudyPlan plan(StudyRequest request) {
        StudyRequest r = submission.validated(request);
        return snapshot.execute(status -> plan(r, images(r.datasetIds())));
    }

    private StudyPlan plan(StudyRequest r, Map<UUID, Images> images) {
        CostEstimates estimates = new CostEstimates(training.measured(r.methods(), HISTORY),
                scoring.measured(HISTORY), worker.torchThreads());
        Map<String, CostEstimates.Cost> costs = new HashMap<>();
        List<Planned> scores = new ArrayList<>();
        List<Planned> runs = new ArrayList<>();
        List<StudyPlan.DatasetPlan> datasets = new ArrayList<>();
        for (Target target : targets(r, images)) {
            UUID id = target.datasetId();
            Images im = target.images();
            DiversityScoring.Planned plannedScore = scoring.plan(target.scoredOn(), target.diversity());
            // a grid cell not derived yet has nothing to reuse; its parent's finished work is not its own
            DiversityScoring.Planned score = id == null ? new DiversityScoring.Planned(null, plannedScore.shape())
                    : plannedScore;
            CostEstimates.Cost scoreCost = costs.computeIfAbsent("DIVERSITY " + im.size() + "x" + im.channels(),
                    k -> estimates.score(score.shape(), im.size(), im.channels()));
            scores.add(new Planned(id, im, null, score.reusedScoreId() != null, scoreCost));
            List<StudyPlan.RunJob> datasetRuns = new ArrayList<>();
            for (RunSpec.Method method : r.methods()) {
                RunSpec spec = TrainingRuns.settings(target.training(), method);
                CostEstimates.Cost cost = costs.computeIfAbsent(method + " " + im.size() + "x" + im.channels(),
                        k -> estimates.run(spec, im.size(), im.channels()));
                for (long seed : r.seeds()) {
                    Optional<UUID> reuse = id == null ? Optional.empty() : training.finished(id, spec, seed);
                    runs.add(new Planned(id, im, method, reuse.isPresent(), cost));
                    datasetRuns.add(new StudyPlan.RunJob(method, seed, reuse.isPresent(), reuse.orElse(null),
                            cost.seconds()));
                }
            }
            datasets.add(new StudyPlan.DatasetPlan(id, im.name(), im.size(), im.channels(), new StudyPlan.ScoreJob(
                    score.reusedScoreId() != null, score.reusedScoreId(), scoreCost.seconds()), datasetRuns));
        }
        List<StudyPlan.MethodPlan> methods = new ArrayList<>();
        for (RunSpec.Method method : r.methods()) {
            List<Planned> of = runs.stream().filter(p -> p.method() == method).toList();
            Summary s = Summary.of(of);
            methods.add(new StudyPlan.MethodPlan(method, of.size(), s.reused, of.size() - s.reused, s.meanSeconds,
                    s.queuedSeconds, s.queuedCpuHours, estimates(of)));
        }
        Summary sc = Summary.of(scores);
        StudyPlan.ScorePlan diversity = new StudyPlan.ScorePlan(scores.size(), sc.reused, scores.size() - sc.reused,
                sc.meanSeconds, sc.queuedSeconds, sc.queuedCpuHours, estimates(scores));
        LiveWorkers.Count c = liveWorkers.count();
        return new StudyPlan(r, totals(scores, runs, c), new StudyPlan.Workers(c.workers(), c.slots(), c.seen(),
                c.note()), methods, diversity, datasets);
    }

    private static StudyPlan.Totals totals(List<Planned> scores, List<Planned> runs, LiveWorkers.Count c) {
        List<Planned> queued = new ArrayList<>(scores);
        queued.addAll(runs);
        queued.removeIf(Planned::reused);
        double jobSeconds = sum(queued, p -> p.cost().seconds());
        double longest = queued.stream().mapToDouble(p -> p.cost().seconds()).max().orElse(0);
        int capacity = c.workers() * c.slots();
        double wall = Math.max(jobSeconds / capacity, longest);
        int queuedScores = (int) scores.stream().filter(p -> !p.reused()).count();
        return new StudyPlan.Totals(queued.size(), queuedScores, queued.size() - queuedScores,
                scores.size() + runs.size() - queued.size(), jobSeconds, sum(queued, p -> p.cost().cpu()) / 3600,
                longest, wall, "wall = max(job seconds / (workers × slots), longest job) = max("
                        + CostModel.round(jobSeconds) + " s / (" + c.workers() + " × " + c.slots() + "), "
                        + CostModel.round(longest) + " s) = " + CostModel.round(wall) + " s: jobs spread evenly "
                        + "over every slot; jobs already in the queue and the order of the queue (diversity scores "
                        + "first) are not counted");
    }

    /** One estimate per image shape, with the datasets of that shape. */
    private static List<StudyPlan.Estimate> estimates(List<Planned> jobs) {
        Map<List<Integer>, List<Planned>> byShape = new LinkedHashMap<>();
        jobs.forEach(p -> byShape.computeIfAbsent(List.of(p.images().size(), p.images().channels()),
                k -> new ArrayList<>()).add(p));
        List<StudyPlan.Estimate> out = new ArrayList<>();
        byShape.values().forEach(of -> {
            CostEstimates.Cost cost = of.get(0).cost();
            boolean run = of.get(0).method() != null;
            out.add(new StudyPlan.Estimate(of.get(0).images().size(), of.get(0).images().channels(),
                    of.stream().map(Planned::datasetId).filter(java.util.Objects::nonNull).distinct().toList(), cost.seconds(),
                    run ? cost.train() : null, run ? cost.eval() : null, cost.cpu(), cost.basis(), cost.samples(),
                    cost.note()));
        });
        return out;
    }

    /** Reuse counts, the mean estimate, and the sums over the jobs to queue. */
    private record Summary(int reused, double meanSeconds, double queuedSeconds, double queuedCpuHours) {

        static Summary of(List<Planned> jobs) {
            List<Planned> queued = jobs.stream().filter(p -> !p.reused()).toList();
            return new Summary(jobs.size() - queued.size(), jobs.stream().mapToDouble(p -> p.cost().seconds())
                    .average().orElse(0), sum(queued, p -> p.cost().seconds()), sum(queued, p -> p.cost().cpu())
                    / 3600);
        }
    }

    private static double sum(List<Planned> jobs, ToDoubleFunction<Planned> f) {
        return jobs.stream().mapToDouble(f).sum();
    }

    /**
     * What the study scores and trains: its datasets, or a quantity-vs-variety study's cells (no id yet: they are
     * derived at submission), each on the parent's image shape with the cell's split.
     */
    private record Target(UUID datasetId, UUID scoredOn, Images images, ExperimentRequest training,
            DiversityRequest diversity) {
    }

    private List<Target> targets(StudyRequest r, Map<UUID, Images> images) {
        if (!StudySubmission.quantityVsVariety(r)) {
            return r.datasetIds().stream().map(id -> new Target(id, id, images.get(id), r.training(), r.diversity()))
                    .toList();
        }
        UUID parent = r.datasetIds().get(0);
        Images im = images.get(parent);
        return GridCells.of(tensors.load(parent).classNames(), r.grid()).cells().stream().map(cell -> new Target(
                null, parent, new Images(null, im.name() + " · " + cell.classes() + " classes × "
                        + cell.imagesPerClass(), im.size(), im.channels()), StudySubmission.gridTraining(r, cell),
                StudySubmission.gridDiversity(r.diversity()))).toList();
    }

    private Map<UUID, Images> images(List<UUID> ids) {
        Map<UUID, Images> out = new HashMap<>();
        for (UUID id : ids) {
            out.put(id, jdbc.queryForObject("SELECT name, image_size, channels FROM dataset WHERE id = ?", (rs, n) ->
                    new Images(id, rs.getString("name"), rs.getInt("image_size"), rs.getInt("channels")), id));
        }
        return out;
    }
}
