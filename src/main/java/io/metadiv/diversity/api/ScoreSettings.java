package io.metadiv.diversity.api;

import io.metadiv.diversity.DiversitySettings;
import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.RandomConv4Probe;
import io.metadiv.nn.Conv4;
import io.metadiv.episode.ClassSplit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
 * @param probeJobId the PT run's TRAINING job (PT_BACKBONE only, else null)
 */
record ScoreSettings(int tasks, int ways, int shots, int queries, long seed, int fisherSamples, int noiseTasks,
        int headSteps, double headLearningRate, double[] split, long splitSeed, ProbeKind probeKind, long probeSeed,
        int probeHidden, UUID probeModelId, UUID probeJobId) {

    /** Equal settings (a record compares its split array by reference): scores with the same ones can be reused. */
    boolean sameAs(ScoreSettings o) {
        return tasks == o.tasks && ways == o.ways && shots == o.shots && queries == o.queries && seed == o.seed
                && fisherSamples == o.fisherSamples && noiseTasks == o.noiseTasks && headSteps == o.headSteps
                && headLearningRate == o.headLearningRate && Arrays.equals(split, o.split) && splitSeed == o.splitSeed
                && probeKind == o.probeKind && probeSeed == o.probeSeed && probeHidden == o.probeHidden
                && Objects.equals(probeModelId, o.probeModelId) && Objects.equals(probeJobId, o.probeJobId);
    }

    /** Fills in defaults. */
    static ScoreSettings resolve(DiversityRequest r) {
        DiversityRequest.ProbeRequest probe = r.probe() == null
                ? new DiversityRequest.ProbeRequest(null, null, null, null, null) : r.probe();
        ProbeKind kind = probe.kind() == null ? ProbeKind.RANDOM_CONV4 : probe.kind();
        boolean scripted = kind == ProbeKind.TORCHSCRIPT;
        if (scripted && probe.modelId() == null) {
            throw new IllegalArgumentException("a TORCHSCRIPT probe needs probe.modelId: upload the model to "
                    + "POST /api/v1/probes first");
        }
        if (!scripted && probe.modelId() != null) {
            throw new IllegalArgumentException("probe.modelId applies to TORCHSCRIPT probes only, not " + kind);
        }
        boolean backbone = kind == ProbeKind.PT_BACKBONE;
        if (backbone != (probe.jobId() != null)) {
            throw new IllegalArgumentException(backbone ? "a PT_BACKBONE probe needs probe.jobId: the TRAINING job of "
                    + "a finished PT run (see GET /api/v1/experiments)" : "probe.jobId applies to PT_BACKBONE probes "
                    + "only, not " + kind);
        }
        if (backbone && (probe.seed() != null || probe.hidden() != null)) {
            throw new IllegalArgumentException("probe.seed and probe.hidden describe random Conv4 probes; a "
                    + "PT_BACKBONE probe is the run's trained backbone as it is");
        }
        if (scripted && (probe.seed() != null || probe.hidden() != null)) {
            throw new IllegalArgumentException("probe.seed and probe.hidden describe Conv4 probes; a TORCHSCRIPT "
                    + "probe is the uploaded model as it is");
        }
        // The core's builder holds the defaults; the request overrides what it sets.
        DiversitySettings.Builder core = DiversitySettings.builder();
        if (r.tasks() != null) {
            core.optTasks(r.tasks());
        }
        if (r.fisherSamples() != null) {
            core.optFisherSamples(r.fisherSamples());
        }
        if (r.noiseTasks() != null) {
            core.optNoiseTasks(r.noiseTasks());
        }
        DiversitySettings d = core.optShape(or(r.ways(), DiversitySettings.DEFAULT_WAYS),
                or(r.shots(), DiversitySettings.DEFAULT_SHOTS), or(r.queries(), DiversitySettings.DEFAULT_QUERIES))
                .build();
        double[] split = (r.split() == null || r.split().isEmpty() ? ClassSplit.DEFAULT_FRACTIONS : r.split()).stream().mapToDouble(Double::doubleValue)
                .toArray();
        if (split.length != ClassSplit.PARTS) {
            throw new IllegalArgumentException("split needs 3 fractions (train, val, test), got " + split.length);
        }
        return new ScoreSettings(d.tasks(), d.ways(), d.shots(), d.queries(),
                r.seed() == null ? DiversitySettings.DEFAULT_SEED : r.seed(), d.embedding().fisherSamples(),
                d.noiseTasks(), or(r.headSteps(), d.embedding().headSteps()),
                r.headLearningRate() == null ? d.embedding().headLearningRate() : r.headLearningRate(), split,
                r.splitSeed() == null ? ClassSplit.DEFAULT_SEED : r.splitSeed(), kind,
                probe.seed() == null ? RandomConv4Probe.DEFAULT_SEED : probe.seed(),
                scripted || backbone ? 0 : or(probe.hidden(), Conv4.DEFAULT_HIDDEN), probe.modelId(), probe.jobId());
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
