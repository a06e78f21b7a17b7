package io.metadiv.diversity.api;

import io.metadiv.diversity.DiversitySettings;
import io.metadiv.diversity.ProbeKind;
import io.metadiv.episode.ClassSplit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A diversity request with every default filled in: what is stored with the score and what the computation uses.
 *
 * @param tasks T
 * @param ways N
 * @param shots K
 * @param queries Q
 * @param seed task-stream seed
 * @param fisherSamples 0 = exact Fisher, k = Monte-Carlo labels per example
 * @param noiseTasks tasks re-embedded for the noise floor
 * @param headSteps head Adam steps
 * @param headLearningRate head Adam learning rate
 * @param split meta-train, meta-val, meta-test class fractions (tasks come from meta-train)
 * @param splitSeed class-split seed
 * @param probeKind probe kind
 * @param probeSeed probe initialisation seed
 * @param probeHidden probe Conv4 width (0 for a TorchScript probe)
 * @param probeModelId the uploaded TorchScript model (TORCHSCRIPT only, else null)
 */
record ScoreSettings(int tasks, int ways, int shots, int queries, long seed, int fisherSamples, int noiseTasks,
        int headSteps, double headLearningRate, double[] split, long splitSeed, ProbeKind probeKind, long probeSeed,
        int probeHidden, UUID probeModelId) {

    /** Default class split, as the reference bench's {@code --split}. */
    static final double[] DEFAULT_SPLIT = {0.6, 0.2, 0.2};
    /** Default probe width. */
    static final int DEFAULT_HIDDEN = 64;

    /** Fills in defaults. */
    static ScoreSettings resolve(DiversityRequest r) {
        DiversityRequest.ProbeRequest probe = r.probe() == null
                ? new DiversityRequest.ProbeRequest(null, null, null, null) : r.probe();
        ProbeKind kind = probe.kind() == null ? ProbeKind.RANDOM_CONV4 : probe.kind();
        boolean scripted = kind == ProbeKind.TORCHSCRIPT;
        if (scripted && probe.modelId() == null) {
            throw new IllegalArgumentException("a TORCHSCRIPT probe needs probe.modelId: upload the model to "
                    + "POST /api/v1/probes first");
        }
        if (!scripted && probe.modelId() != null) {
            throw new IllegalArgumentException("probe.modelId applies to TORCHSCRIPT probes only, not " + kind);
        }
        if (scripted && (probe.seed() != null || probe.hidden() != null)) {
            throw new IllegalArgumentException("probe.seed and probe.hidden describe Conv4 probes; a TORCHSCRIPT "
                    + "probe is the uploaded model as it is");
        }
        int fisher = or(r.fisherSamples(), io.metadiv.diversity.Task2Vec.Config.EXACT_FISHER);
        int tasks = or(r.tasks(), DiversitySettings.DEFAULT_TASKS);
        int noise = or(r.noiseTasks(), fisher == 0 ? 0 : Math.min(DiversitySettings.DEFAULT_MC_NOISE_TASKS, tasks));
        double[] split = r.split() == null ? DEFAULT_SPLIT : r.split().stream().mapToDouble(Double::doubleValue)
                .toArray();
        if (split.length != ClassSplit.PARTS) {
            throw new IllegalArgumentException("split needs 3 fractions (train, val, test), got " + split.length);
        }
        return new ScoreSettings(tasks, or(r.ways(), DiversitySettings.DEFAULT_WAYS),
                or(r.shots(), DiversitySettings.DEFAULT_SHOTS), or(r.queries(), DiversitySettings.DEFAULT_QUERIES),
                r.seed() == null ? DiversitySettings.DEFAULT_SEED : r.seed(), fisher, noise,
                or(r.headSteps(), io.metadiv.diversity.Task2Vec.Config.DEFAULT_HEAD_STEPS),
                r.headLearningRate() == null ? io.metadiv.diversity.Task2Vec.Config.DEFAULT_HEAD_LEARNING_RATE
                        : r.headLearningRate(), split, r.splitSeed() == null ? 0L : r.splitSeed(),
                kind, probe.seed() == null ? 0L : probe.seed(), scripted ? 0 : or(probe.hidden(), DEFAULT_HIDDEN),
                probe.modelId());
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** The core's settings (validates ranges). */
    DiversitySettings toDiversitySettings() {
        return DiversitySettings.builder().optTasks(tasks).optShape(ways, shots, queries).optSeed(seed)
                .optHead(headSteps, headLearningRate).optFisherSamples(fisherSamples).optNoiseTasks(noiseTasks)
                .build();
    }

    /** {@code "0.6,0.2,0.2"}. */
    String splitText() {
        return Arrays.stream(split).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    /** Split as a list for JSON. */
    List<Double> splitList() {
        return Arrays.stream(split).boxed().toList();
    }

    static double[] parseSplit(String text) {
        return ClassSplit.parseFractions(text);
    }
}
