package io.metadiv.diversity.api;

import ai.djl.ndarray.NDManager;
import io.metadiv.dataset.DatasetTensors;
import io.metadiv.diversity.DiversityCalculator;
import io.metadiv.diversity.DiversityResult;
import io.metadiv.diversity.Probe;
import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.ProbeTimeLimitException;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.ImageSet;
import io.metadiv.job.JobHandler;
import io.metadiv.job.JobKind;
import io.metadiv.job.JobRun;
import io.metadiv.job.PermanentJobFailure;
import io.metadiv.nn.TorchRuntime;
import io.metadiv.probe.ProbeProperties;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Computes a diversity score on a worker. Scores are seeded, so a second delivery of the same job computes the same
 * coefficient; the result is written only through {@link JobRun#succeed}, with the SUCCEEDED status.
 *
 * <p>Under an uploaded TorchScript model the score is limited to {@code metadiv.probe.max-seconds} of wall time:
 * the probe refuses forward passes past it, and a watchdog fails the job shortly after it in case one pass never
 * returns (libtorch cannot stop a running pass: its thread finishes it, and its result is discarded). Either way
 * the score is FAILED at once, without retries, naming the limit, and the worker goes on with other jobs.
 */
@Component
class DiversityJobHandler implements JobHandler, DisposableBean {

    /** Error type of a score stopped by the time limit. */
    static final String TIME_LIMIT = "TimeLimit";
    /** How long past the limit the watchdog waits for the probe to stop by itself. */
    private static final Duration WATCHDOG_GRACE = Duration.ofSeconds(2);

    private final DiversityScoreRepository scores;
    private final DatasetTensors tensors;
    private final ScoreProbes probes;
    private final Duration probeLimit;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "probe-watchdog");
        t.setDaemon(true);
        return t;
    });

    DiversityJobHandler(DiversityScoreRepository scores, DatasetTensors tensors, ScoreProbes probes,
            ProbeProperties probeProperties) {
        this.scores = scores;
        this.tensors = tensors;
        this.probes = probes;
        this.probeLimit = Duration.ofSeconds(probeProperties.maxSeconds());
    }

    @Override
    public JobKind kind() {
        return JobKind.DIVERSITY;
    }

    @Override
    public void run(JobRun run) {
        UUID id = run.subjectId();
        DiversityScore score = scores.findById(id)
                .orElseThrow(() -> new IllegalStateException("diversity score " + id + " no longer exists"));
        ScoreSettings s = score.settings();
        ImageSet images = tensors.load(score.getDatasetId());
        List<Integer> train = ClassSplit.of(images.numClasses(), s.split(), s.splitSeed()).train();
        run.progress(0, s.tasks());
        AtomicInteger done = new AtomicInteger();
        boolean limited = s.probeKind() == ProbeKind.TORCHSCRIPT;
        ScheduledFuture<?> stuck = !limited ? null : watchdog.schedule(
                () -> run.giveUp(TIME_LIMIT, timeLimitMessage(done.get(), s.tasks(), true)),
                probeLimit.plus(WATCHDOG_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        DiversityResult result;
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                Probe probe = probes.open(s, images, manager, probeLimit)) {
            result = new DiversityCalculator(probe, s.toDiversitySettings()).compute(images, train, manager, t -> {
                done.set(t);
                run.progress(t, s.tasks());
            });
        } catch (ProbeTimeLimitException e) {
            throw new PermanentJobFailure(TIME_LIMIT, timeLimitMessage(done.get(), s.tasks(), false));
        } finally {
            if (stuck != null) {
                stuck.cancel(false);
            }
        }
        run.succeed(() -> scores.findById(id).orElseThrow().recordResult(result));
    }

    private String timeLimitMessage(int done, int tasks, boolean insidePass) {
        return "the score under the uploaded probe model took longer than metadiv.probe.max-seconds ("
                + probeLimit.toSeconds() + " s) and was stopped after " + done + " of " + tasks + " tasks"
                + (insidePass ? ", inside one forward pass of the model" : "");
    }

    @Override
    public void destroy() {
        watchdog.shutdownNow();
    }
}
