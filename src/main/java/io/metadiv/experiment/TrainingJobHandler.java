package io.metadiv.experiment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.metadiv.dataset.DatasetTensors;
import io.metadiv.dataset.DatasetUse;
import io.metadiv.episode.ImageSet;
import io.metadiv.job.DatabaseClock;
import io.metadiv.job.JobHandler;
import io.metadiv.job.JobInterruptedException;
import io.metadiv.job.JobKind;
import io.metadiv.job.JobMetricHistory;
import io.metadiv.job.JobRun;
import io.metadiv.nn.TorchRuntime;
import io.metadiv.training.ProgressListener;
import io.metadiv.training.RunExecutor;
import io.metadiv.training.RunSpec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Trains one run on a worker. It resumes from the run's last checkpoint when there is one (a revived job), writes a
 * checkpoint every {@code metadiv.training.checkpoint-every} steps and when the worker stops, and commits the result
 * with SUCCEEDED. Runs are seeded, so a resumed run ends with the accuracy of an uninterrupted one.
 */
@Component
class TrainingJobHandler implements JobHandler {

    private final TrainingRunRepository runs;
    private final ExperimentRepository experiments;
    private final DatasetTensors tensors;
    private final DatasetUse datasets;
    private final CheckpointStore checkpoints;
    private final JobMetricHistory history;
    private final TrainingMetrics metrics;
    private final DatabaseClock clock;
    private final int checkpointEvery;
    private final String codeVersion;

    TrainingJobHandler(TrainingRunRepository runs, ExperimentRepository experiments, DatasetTensors tensors,
            DatasetUse datasets, CheckpointStore checkpoints, JobMetricHistory history, TrainingMetrics metrics,
            DatabaseClock clock,
            @Value("${metadiv.training.checkpoint-every:50}") int checkpointEvery, CodeVersion code) {
        this.runs = runs;
        this.experiments = experiments;
        this.tensors = tensors;
        this.datasets = datasets;
        this.checkpoints = checkpoints;
        this.history = history;
        this.metrics = metrics;
        this.clock = clock;
        this.checkpointEvery = checkpointEvery;
        this.codeVersion = code.value();
    }

    @Override
    public JobKind kind() {
        return JobKind.TRAINING;
    }

    @Override
    public void run(JobRun run) {
        UUID id = run.subjectId();
        TrainingRun training = runs.findById(id)
                .orElseThrow(() -> new IllegalStateException("training run " + id + " no longer exists"));
        Experiment experiment = experiments.findById(training.getExperimentId()).orElseThrow();
        RunSpec spec = experiment.getSettings().withSeed(training.getSeed());
        ImageSet images = tensors.load(experiment.getDatasetId());
        String checksum = datasets.checksum(experiment.getDatasetId());
        CheckpointStore.Saved saved = checkpoints.latest(id);
        if (saved != null) {
            run.write(() -> { }, "resumed from the checkpoint at step " + saved.step());
        }
        RunExecutor.Checkpoints store = new RunExecutor.Checkpoints() {
            @Override
            public byte[] latest() {
                return saved == null ? null : saved.content();
            }

            @Override
            public void save(int step, byte[] content) {
                run.write(() -> checkpoints.save(id, step, content, clock.now()), null);
            }

            @Override
            public boolean saveBeforeStop(RuntimeException stop) {
                // A stopping worker keeps the steps done; a cancelled or fenced run has nothing to keep.
                return stop instanceof JobInterruptedException e
                        && e.reason() == JobInterruptedException.Reason.WORKER_STOPPING;
            }
        };
        long cpuBefore = processCpuNanos();
        long[] lastStep = {System.nanoTime()}; // step time = between two reports: sampling, step and report
        List<JobMetricHistory.Step> unwritten = new ArrayList<>();
        ProgressListener progress = p -> {
            long now = System.nanoTime();
            double stepMs = (now - lastStep[0]) / 1e6;
            lastStep[0] = now;
            metrics.step(spec.method(), stepMs);
            unwritten.add(new JobMetricHistory.Step(p.step(), p.loss(), stepMs, clock.now()));
            if (run.progress(p.step(), spec.totalSteps(), () -> history.record(run.jobId(), unwritten))) {
                unwritten.clear();
            }
            return ProgressListener.Decision.CONTINUE;
        };
        RunExecutor.Outcome outcome;
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            outcome = RunExecutor.run(spec, images, manager, store, checkpointEvery, progress);
        }
        double cpu = (processCpuNanos() - cpuBefore) / 1e9;
        metrics.trained(spec.method(), outcome.trainSeconds());
        String libraries = "djl " + Engine.getDjlVersion() + ", pytorch " + Engine.getEngine(TorchRuntime.ENGINE)
                .getVersion();
        run.succeed(() -> {
            history.record(run.jobId(), unwritten);
            runs.findById(id).orElseThrow().recordResult(outcome, cpu, checksum, codeVersion, libraries);
            checkpoints.delete(id);
            if (spec.method() == RunSpec.Method.PT) {
                checkpoints.saveModel(id, outcome.finalState());
            }
        });
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
