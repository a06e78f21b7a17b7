package io.metadiv.study;

import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.api.DiversityScoring;
import io.metadiv.experiment.TrainingRuns;
import io.metadiv.training.RunSpec;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Cost estimates of training runs and diversity scores from what finished on this deployment.
 *
 * <p>A run is <b>measured</b> when SUCCEEDED runs exist with the same method, arch and width (Conv4 hidden or
 * ResNet-12 widths), episode shape (ways, shots, queries; for MAML also metaBatch, innerSteps and innerStepsTest,
 * for PT the batch size) and images (size and channels): then training takes the median of their per-step wall
 * times ({@code job_metric.step_ms}) × iterations, plus their median set-up (the first step's excess over the
 * median: network, sampler and first-call costs), and evaluation their median seconds per meta-test episode × the
 * episodes; CPU seconds are the wall seconds × their median CPU-per-wall ratio. A PT run with a time budget trains
 * for the budget. A score is measured when SUCCEEDED scores exist with the same probe (kind, width, model or PT job),
 * episode shape, Fisher samples, head steps and images: their median seconds per embedded task × the tasks (noise
 * re-embeddings included).
 *
 * <p>Otherwise the basis is the <b>model</b> ({@link CostModel}): the nearest measured configuration of the same
 * method (or probe) scaled by the model's cost ratio, or, with nothing of the kind measured, the bench figures of
 * bench/RESULTS.md scaled to the settings, with CPU seconds = wall seconds × the worker's torch threads.
 */
final class CostEstimates {

    private final Map<RunKey, RunGroup> runs;
    private final Map<ScoreKey, ScoreGroup> scores;
    private final int torchThreads;

    /**
     * An estimate of one job.
     *
     * @param train a run's training seconds (0 for a score)
     * @param eval a run's meta-test seconds (0 for a score)
     * @param cpu CPU seconds
     */
    record Cost(double train, double eval, double cpu, String basis, int samples, String note) {

        double seconds() {
            return train + eval;
        }
    }

    CostEstimates(List<TrainingRuns.Measured> measuredRuns, List<DiversityScoring.Measured> measuredScores,
            int torchThreads) {
        this.torchThreads = torchThreads;
        this.runs = measuredRuns.stream().collect(Collectors.groupingBy(m -> RunKey.of(m.spec(), m.imageSize(),
                m.channels()), LinkedHashMap::new, Collectors.toList())).entrySet().stream().collect(Collectors.toMap(
                        Map.Entry::getKey, e -> RunGroup.of(e.getValue()), (a, b) -> a, LinkedHashMap::new));
        this.scores = measuredScores.stream().collect(Collectors.groupingBy(m -> ScoreKey.of(m.shape(), m.imageSize(),
                m.channels()), LinkedHashMap::new, Collectors.toList())).entrySet().stream().collect(Collectors.toMap(
                        Map.Entry::getKey, e -> ScoreGroup.of(e.getValue()), (a, b) -> a, LinkedHashMap::new));
    }

    /** One run of {@code s} on images of this shape. */
    Cost run(RunSpec s, int size, int channels) {
        boolean budget = s.method() == RunSpec.Method.PT && s.trainSeconds() > 0;
        String length = budget ? "its time budget of " + CostModel.round(s.trainSeconds()) + " s"
                : s.iterations() + " iterations";
        RunGroup same = runs.get(RunKey.of(s, size, channels));
        if (same != null) {
            double train = same.setupSeconds + (budget ? s.trainSeconds() : same.stepMs * s.iterations() / 1000);
            double eval = same.episodeSeconds * s.evalEpisodes();
            return new Cost(train, eval, (train + eval) * same.cpuRatio, StudyPlan.MEASURED, same.runs,
                    "measured on this deployment: " + (budget ? "training for " + length : "median step "
                            + CostModel.round(same.stepMs) + " ms × " + length) + " + set-up "
                            + CostModel.round(same.setupSeconds) + " s + " + CostModel.round(same.episodeSeconds)
                            + " s per meta-test episode × " + s.evalEpisodes() + " episodes, from " + same.runs
                            + " SUCCEEDED run(s) with the same settings (" + describe(s, size, channels) + "); CPU "
                            + CostModel.round(same.cpuRatio) + " CPU-s per wall-s as measured");
        }
        RunGroup nearest = runs.values().stream().filter(g -> g.example.method() == s.method())
                .min(Comparator.comparingDouble(g -> distance(s, size, channels, g))).orElse(null);
        if (nearest != null) {
            double step = CostModel.ratio(CostModel.Part.STEP, s, size, channels, nearest.example, nearest.size,
                    nearest.channels);
            double episode = CostModel.ratio(CostModel.Part.EPISODE, s, size, channels, nearest.example,
                    nearest.size, nearest.channels);
            double train = nearest.setupSeconds + (budget ? s.trainSeconds()
                    : nearest.stepMs * step * s.iterations() / 1000);
            double eval = nearest.episodeSeconds * episode * s.evalEpisodes();
            return new Cost(train, eval, (train + eval) * nearest.cpuRatio, StudyPlan.MODEL, nearest.runs,
                    "model: nothing comparable measured (" + describe(s, size, channels) + "); scaled from the "
                            + "nearest measured " + s.method() + " configuration (" + describe(nearest.example,
                            nearest.size, nearest.channels) + ", " + nearest.runs + " run(s): step "
                            + CostModel.round(nearest.stepMs) + " ms, " + CostModel.round(nearest.episodeSeconds)
                            + " s per episode, set-up " + CostModel.round(nearest.setupSeconds) + " s) by the cost "
                            + "model's ratios " + CostModel.round(step) + " per step and " + CostModel.round(episode)
                            + " per episode; " + (budget ? "training for " : "") + length + ", " + s.evalEpisodes()
                            + " episodes; CPU " + CostModel.round(nearest.cpuRatio) + " CPU-s per wall-s as measured");
        }
        CostModel.Figure step = CostModel.bench(CostModel.Part.STEP, s, size, channels);
        CostModel.Figure episode = CostModel.bench(CostModel.Part.EPISODE, s, size, channels);
        double train = budget ? s.trainSeconds() : step.ms() * s.iterations() / 1000;
        double eval = episode.ms() * s.evalEpisodes() / 1000;
        return new Cost(train, eval, (train + eval) * torchThreads, StudyPlan.MODEL, 0,
                "model: no " + s.method() + " run measured on this deployment; bench/RESULTS.md figures of its 2-core "
                        + "dev box (2 torch threads): " + (budget ? "training for " + length
                        : "step " + CostModel.round(step.ms()) + " ms (" + step.source() + ") × " + length)
                        + " + " + CostModel.round(episode.ms()) + " ms per meta-test episode (" + episode.source()
                        + ") × " + s.evalEpisodes() + " episodes, for " + describe(s, size, channels) + "; CPU: wall × "
                        + torchThreads + " torch thread(s) of this worker");
    }

    /** One diversity score of {@code d} on images of this shape. */
    Cost score(DiversityScoring.Shape d, int size, int channels) {
        int tasks = d.embeddings();
        String count = tasks + " embedded tasks (" + d.tasks() + " + " + d.noiseTasks() + " for the noise floor)";
        ScoreGroup same = scores.get(ScoreKey.of(d, size, channels));
        String cpu = "; CPU: wall × " + torchThreads + " torch thread(s) of this worker (scores record no CPU time)";
        if (same != null) {
            double seconds = same.taskSeconds * tasks;
            return new Cost(seconds, 0, seconds * torchThreads, StudyPlan.MEASURED, same.scores,
                    "measured on this deployment: median " + CostModel.round(same.taskSeconds) + " s per task × "
                            + count + ", from " + same.scores + " SUCCEEDED score(s) with the same settings ("
                            + describe(d, size, channels) + ")" + cpu);
        }
        ScoreGroup nearest = scores.values().stream().filter(g -> g.example.probeKind() == d.probeKind()
                && Objects.equals(g.example.probeModelId(), d.probeModelId())
                && Objects.equals(g.example.probeJobId(), d.probeJobId()))
                .min(Comparator.comparingDouble(g -> Math.abs(Math.log(CostModel.ratio(d, size, channels, g.example,
                        g.size, g.channels))))).orElse(null);
        if (nearest != null) {
            double ratio = CostModel.ratio(d, size, channels, nearest.example, nearest.size, nearest.channels);
            double seconds = nearest.taskSeconds * ratio * tasks;
            return new Cost(seconds, 0, seconds * torchThreads, StudyPlan.MODEL, nearest.scores,
                    "model: nothing comparable measured (" + describe(d, size, channels) + "); scaled from the nearest "
                            + "measured score configuration (" + describe(nearest.example, nearest.size,
                            nearest.channels) + ", " + nearest.scores + " score(s): " + CostModel.round(
                            nearest.taskSeconds) + " s per task) by the cost model's ratio " + CostModel.round(ratio)
                            + ", × " + count + cpu);
        }
        CostModel.Figure task = CostModel.bench(d, size, channels);
        double seconds = task.ms() * tasks / 1000;
        return new Cost(seconds, 0, seconds * torchThreads, StudyPlan.MODEL, 0,
                "model: no score with this probe measured on this deployment; bench/RESULTS.md figure of its 2-core dev "
                        + "box: " + CostModel.round(task.ms()) + " ms per task (" + task.source() + ") × " + count
                        + ", for " + describe(d, size, channels) + cpu);
    }

    private static double distance(RunSpec s, int size, int channels, RunGroup g) {
        return Math.abs(Math.log(CostModel.ratio(CostModel.Part.STEP, s, size, channels, g.example, g.size,
                g.channels))) + Math.abs(Math.log(CostModel.ratio(CostModel.Part.EPISODE, s, size, channels,
                g.example, g.size, g.channels)));
    }

    static String describe(RunSpec s, int size, int channels) {
        String net = s.arch() == RunSpec.Arch.CONV4 ? "Conv4-" + s.hidden() : "ResNet-12 " + s.widths();
        String shape = s.ways() + "-way " + s.shots() + "-shot " + s.queries() + "-query";
        String method = s.method() == RunSpec.Method.PT ? "batch " + s.ptBatch() + ", " + shape + " test episodes"
                : shape + " episodes, metaBatch " + s.metaBatch() + ", innerSteps " + s.innerSteps()
                        + ", innerStepsTest " + s.innerStepsTest();
        return s.method() + " " + net + ", " + method + ", " + size + " px × " + channels + " channel(s)";
    }

    static String describe(DiversityScoring.Shape d, int size, int channels) {
        String probe = switch (d.probeKind()) {
            case RANDOM_CONV4 -> "random Conv4-" + d.probeHidden();
            case TORCHSCRIPT -> "TorchScript model " + d.probeModelId();
            case PT_BACKBONE -> "PT backbone of job " + d.probeJobId();
        };
        return probe + " probe, " + d.ways() + "-way " + d.shots() + "-shot " + d.queries() + "-query tasks, "
                + (d.fisherSamples() == 0 ? "exact Fisher" : d.fisherSamples() + " Monte-Carlo label(s)") + ", "
                + d.headSteps() + " head steps, " + size + " px × " + channels + " channel(s)";
    }

    /** What makes runs comparable; the settings a method does not use are zeroed. */
    private record RunKey(RunSpec.Method method, RunSpec.Arch arch, int hidden, List<Integer> widths, int ways,
            int shots, int queries, int metaBatch, int innerSteps, int innerStepsTest, int ptBatch, int size,
            int channels) {

        static RunKey of(RunSpec s, int size, int channels) {
            boolean conv4 = s.arch() == RunSpec.Arch.CONV4;
            boolean pt = s.method() == RunSpec.Method.PT;
            return new RunKey(s.method(), s.arch(), conv4 ? s.hidden() : 0, conv4 ? null : List.copyOf(s.widths()),
                    s.ways(), s.shots(), s.queries(), pt ? 0 : s.metaBatch(), pt ? 0 : s.innerSteps(),
                    pt ? 0 : s.innerStepsTest(), pt ? s.ptBatch() : 0, size, channels);
        }
    }

    /** Medians over the comparable runs. */
    private record RunGroup(RunSpec example, int size, int channels, int runs, double stepMs, double setupSeconds,
            double episodeSeconds, double cpuRatio) {

        static RunGroup of(List<TrainingRuns.Measured> runs) {
            TrainingRuns.Measured first = runs.get(0);
            double setup = CostModel.median(runs.stream().filter(r -> r.firstStepMs() != null)
                    .mapToDouble(r -> Math.max(0, r.firstStepMs() - r.medianStepMs()) / 1000).toArray());
            double cpu = CostModel.median(runs.stream().filter(r -> r.cpuSeconds() > 0)
                    .mapToDouble(r -> r.cpuSeconds() / (r.trainSeconds() + r.evalSeconds())).toArray());
            return new RunGroup(first.spec(), first.imageSize(), first.channels(), runs.size(),
                    CostModel.median(runs.stream().mapToDouble(TrainingRuns.Measured::medianStepMs).toArray()),
                    Double.isNaN(setup) ? 0 : setup,
                    CostModel.median(runs.stream().mapToDouble(r -> r.evalSeconds() / r.episodes()).toArray()),
                    Double.isNaN(cpu) ? 1 : cpu);
        }
    }

    /** What makes scores comparable (the task count scales; seeds and the head's learning rate do not matter). */
    private record ScoreKey(ProbeKind kind, int hidden, UUID modelId, UUID jobId, int ways, int shots, int queries,
            int fisherSamples, int headSteps, int size, int channels) {

        static ScoreKey of(DiversityScoring.Shape d, int size, int channels) {
            return new ScoreKey(d.probeKind(), d.probeHidden(), d.probeModelId(), d.probeJobId(), d.ways(), d.shots(),
                    d.queries(), d.fisherSamples(), d.headSteps(), size, channels);
        }
    }

    /** Median seconds per embedded task over the comparable scores. */
    private record ScoreGroup(DiversityScoring.Shape example, int size, int channels, int scores, double taskSeconds) {

        static ScoreGroup of(List<DiversityScoring.Measured> scores) {
            DiversityScoring.Measured first = scores.get(0);
            return new ScoreGroup(first.shape(), first.imageSize(), first.channels(), scores.size(),
                    CostModel.median(scores.stream().mapToDouble(s -> s.computeSeconds() / Math.max(1,
                            s.shape().embeddings())).toArray()));
        }
    }
}
