package io.metadiv.study;

import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.api.DiversityScoring;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.ResNet12;
import io.metadiv.training.RunSpec;
import java.util.Arrays;
import java.util.List;

/**
 * The fallback of cost estimates when nothing comparable was measured on this deployment: relative costs of a
 * training step, a meta-test episode and a diversity task, in milliseconds of the 2-core dev box of
 * {@code bench/RESULTS.md} (Java 17, DJL 0.36 + libtorch 2.7.1 CPU, 2 intra-op threads, OMP_WAIT_POLICY=PASSIVE).
 *
 * <p>A pass of {@code n} images through the network costs a fixed dispatch overhead plus a per-image part that
 * grows with the network's multiply-accumulates per image ({@link #macs}, relative to Conv4-64 on 28×28 grey
 * images). The constants are affine fits of the RESULTS.md per-call micro-benchmark (Conv4-64, channels-last):
 * forward 4.2 ms at batch 25 and 7.3 ms at 75, forward + backward 9.8 and 23.1 ms. A MAML outer step is
 * {@code metaBatch × (innerSteps × fb(N·K) + fb(N·Q))}, a PT step {@code fb(ptBatch)}; a MAML meta-test episode
 * {@code innerStepsTest × fb(N·K) + f(N·Q)}, a PT one {@code f(N·(K+Q))} (the head is fitted on Java arrays);
 * a diversity task {@code f(n) + passes × (fb(n) − f(n))} over its {@code n = N·(K+Q)} images, with N − 1
 * backward passes for the exact Fisher and min(k, N − 1) for k Monte-Carlo labels.
 *
 * <p>Each method and architecture is then calibrated to its RESULTS.md figure ({@link #BENCH}): the model
 * reproduces those exactly and scales them to other shapes. The figures come from one machine, so this model is
 * only the shape of the cost; a measured configuration of this deployment scaled by the model's ratio
 * ({@link #ratio}) is preferred to it.
 */
final class CostModel {

    /** Forward: fixed ms per call. */
    static final double FORWARD_FIXED_MS = 2.65;
    /** Forward: ms per image of Conv4-64 at 28×28×1. */
    static final double FORWARD_MS_PER_IMAGE = 0.062;
    /** Forward + backward: fixed ms per call. */
    static final double TRAIN_FIXED_MS = 3.15;
    /** Forward + backward: ms per image of Conv4-64 at 28×28×1. */
    static final double TRAIN_MS_PER_IMAGE = 0.266;
    /** Fashion-MNIST, the bench's images. */
    static final int BENCH_SIZE = 28;
    static final int BENCH_CHANNELS = 1;

    /** What a figure is for. */
    enum Part {
        /** A training step: an outer step of MAML, a batch of PT. */
        STEP,
        /** A meta-test episode. */
        EPISODE,
        /** One task of a diversity score. */
        TASK
    }

    /**
     * A figure of bench/RESULTS.md and the settings it was measured under.
     *
     * @param method null for a diversity task
     * @param ms its median
     * @param source where it comes from
     */
    record Bench(Part part, RunSpec.Method method, RunSpec.Arch arch, double ms, String source) {
    }

    /**
     * bench/RESULTS.md: Fashion-MNIST 28×28 grey, 5-way 5-shot 15 queries, metaBatch 4, innerSteps 1, innerStepsTest
     * 3, PT batch 64, Conv4-64 or ResNet-12 64-160-320-640; the diversity probe a random Conv4-64, exact Fisher.
     */
    static final List<Bench> BENCH = List.of(
            new Bench(Part.STEP, RunSpec.Method.HO_MAML, RunSpec.Arch.CONV4, 333.3,
                    "HO-MAML Conv4-64, 333.3 ms per outer step"),
            new Bench(Part.STEP, RunSpec.Method.FO_MAML, RunSpec.Arch.CONV4, 150.1,
                    "FO-MAML Conv4-64, 150.1 ms per outer step"),
            new Bench(Part.STEP, RunSpec.Method.PT, RunSpec.Arch.CONV4, 27.9, "PT Conv4-64, 27.9 ms per batch of 64"),
            new Bench(Part.STEP, RunSpec.Method.FO_MAML, RunSpec.Arch.RESNET12, 2072,
                    "FO-MAML ResNet-12, 2,072 ms per outer step"),
            new Bench(Part.STEP, RunSpec.Method.PT, RunSpec.Arch.RESNET12, 452,
                    "PT ResNet-12, 452 ms per batch of 64"),
            new Bench(Part.EPISODE, RunSpec.Method.PT, RunSpec.Arch.CONV4, 14.3,
                    "PT Conv4-64 evaluation, 14.3 ms per episode"),
            new Bench(Part.TASK, null, RunSpec.Arch.CONV4, 221.5,
                    "diversity, random Conv4-64 probe, exact Fisher, 221.5 ms per task"));

    private CostModel() {
    }

    /** The bench's run settings of {@code method} on {@code arch}. */
    static RunSpec benchSpec(RunSpec.Method method, RunSpec.Arch arch) {
        return RunSpec.builder(method).optArch(arch, Conv4.DEFAULT_HIDDEN, null).optShape(5, 5, 15)
                .optMaml(4, 1, 3, null, null).optPt(64, null).build();
    }

    /** The bench's diversity settings. */
    static DiversityScoring.Shape benchScore() {
        return new DiversityScoring.Shape(ProbeKind.RANDOM_CONV4, Conv4.DEFAULT_HIDDEN, null, null, 20, 0, 5, 5, 15,
                0, 100);
    }

    /** Multiply-accumulates of one image's forward pass through the backbone. */
    static double macs(RunSpec.Arch arch, int hidden, List<Integer> widths, int imageSize, int channels) {
        double total = 0;
        int size = imageSize;
        int in = channels;
        if (arch == RunSpec.Arch.CONV4) {
            for (int b = 0; b < Conv4.BLOCKS; b++) {
                total += (double) size * size * in * hidden * 9;
                in = hidden;
                size /= 2;
            }
            return total;
        }
        int[] w = widths == null || widths.size() != 4 ? ResNet12.DEFAULT_WIDTHS
                : widths.stream().mapToInt(Integer::intValue).toArray();
        for (int width : w) {
            // three 3×3 convolutions and the 1×1 shortcut, then a 2× max-pool
            total += (double) size * size * (9.0 * in * width + 18.0 * width * width + (double) in * width);
            in = width;
            size /= 2;
        }
        return total;
    }

    /** A run's network relative to Conv4-64 on the bench's images. */
    static double relative(RunSpec s, int imageSize, int channels) {
        return macs(s.arch(), s.hidden(), s.widths(), imageSize, channels) / conv4Reference();
    }

    private static double conv4Reference() {
        return macs(RunSpec.Arch.CONV4, Conv4.DEFAULT_HIDDEN, null, BENCH_SIZE, BENCH_CHANNELS);
    }

    private static double forward(double images, double rel) {
        return FORWARD_FIXED_MS + FORWARD_MS_PER_IMAGE * images * rel;
    }

    private static double trainPass(double images, double rel) {
        return TRAIN_FIXED_MS + TRAIN_MS_PER_IMAGE * images * rel;
    }

    /** Uncalibrated ms of one training step or meta-test episode of {@code s} on images of this shape. */
    static double raw(Part part, RunSpec s, int imageSize, int channels) {
        double rel = relative(s, imageSize, channels);
        boolean maml = s.method() != RunSpec.Method.PT;
        int support = s.ways() * s.shots();
        int query = s.ways() * s.queries();
        if (part == Part.STEP) {
            return maml ? s.metaBatch() * (s.innerSteps() * trainPass(support, rel) + trainPass(query, rel))
                    : trainPass(s.ptBatch(), rel);
        }
        return maml ? s.innerStepsTest() * trainPass(support, rel) + forward(query, rel)
                : forward(support + query, rel);
    }

    /** Uncalibrated ms of one diversity task; other probes than Conv4 ones are taken as a Conv4-64. */
    static double raw(DiversityScoring.Shape d, int imageSize, int channels) {
        int hidden = d.probeKind() == ProbeKind.RANDOM_CONV4 ? d.probeHidden() : Conv4.DEFAULT_HIDDEN;
        double rel = macs(RunSpec.Arch.CONV4, hidden, null, imageSize, channels) / conv4Reference();
        int n = d.ways() * (d.shots() + d.queries());
        int passes = Math.max(1, d.fisherSamples() == 0 ? d.ways() - 1 : Math.min(d.fisherSamples(), d.ways() - 1));
        return forward(n, rel) + passes * (trainPass(n, rel) - forward(n, rel));
    }

    /** The model's cost of {@code target} over that of {@code measured} (a step or an episode). */
    static double ratio(Part part, RunSpec target, int targetSize, int targetChannels, RunSpec measured,
            int measuredSize, int measuredChannels) {
        return raw(part, target, targetSize, targetChannels) / raw(part, measured, measuredSize, measuredChannels);
    }

    /** The same for a diversity task. */
    static double ratio(DiversityScoring.Shape target, int targetSize, int targetChannels,
            DiversityScoring.Shape measured, int measuredSize, int measuredChannels) {
        return raw(target, targetSize, targetChannels) / raw(measured, measuredSize, measuredChannels);
    }

    /**
     * A calibrated figure: ms on the bench machine.
     *
     * @param ms the estimate
     * @param source the bench figure it was scaled from and how
     */
    record Figure(double ms, String source) {
    }

    /** A training step or meta-test episode of {@code s}, scaled from the bench figure of its method and arch. */
    static Figure bench(Part part, RunSpec s, int imageSize, int channels) {
        double raw = raw(part, s, imageSize, channels);
        if (part == Part.EPISODE && s.method() != RunSpec.Method.PT) {
            // No figure of a MAML meta-test episode: the micro-benchmark's passes uncalibrated, times ResNet-12's
            // efficiency against Conv4 where it applies (measured on FO-MAML steps).
            double arch = s.arch() == RunSpec.Arch.CONV4 ? 1 : archEfficiency(RunSpec.Method.FO_MAML);
            return new Figure(raw * arch, "the per-call micro-benchmark (Conv4-64 forward and forward + backward at "
                    + "batch 25 and 75)" + (arch == 1 ? "" : " times ResNet-12's per-MAC efficiency on FO-MAML steps ("
                    + round(arch) + ")"));
        }
        Bench exact = find(part, s.method(), s.arch());
        if (exact != null) {
            double calibration = exact.ms() / raw(part, benchSpec(s.method(), s.arch()), BENCH_SIZE, BENCH_CHANNELS);
            return new Figure(raw * calibration, exact.source() + " × the cost model's ratio "
                    + round(raw / raw(part, benchSpec(s.method(), s.arch()), BENCH_SIZE, BENCH_CHANNELS)));
        }
        // HO-MAML on ResNet-12, or a PT episode on ResNet-12: the Conv4 figure times ResNet-12's efficiency.
        Bench conv4 = find(part, s.method(), RunSpec.Arch.CONV4);
        RunSpec.Method efficiencyOf = s.method() == RunSpec.Method.PT ? RunSpec.Method.PT : RunSpec.Method.FO_MAML;
        double calibration = conv4.ms() / raw(part, benchSpec(s.method(), RunSpec.Arch.CONV4), BENCH_SIZE,
                BENCH_CHANNELS) * archEfficiency(efficiencyOf);
        return new Figure(raw * calibration, conv4.source() + " scaled to ResNet-12 by the cost model, times "
                + "ResNet-12's per-MAC efficiency on " + efficiencyOf + " steps (" + round(archEfficiency(efficiencyOf))
                + ")");
    }

    /** A diversity task, scaled from the bench's. */
    static Figure bench(DiversityScoring.Shape d, int imageSize, int channels) {
        Bench task = find(Part.TASK, null, RunSpec.Arch.CONV4);
        double reference = raw(benchScore(), BENCH_SIZE, BENCH_CHANNELS);
        double raw = raw(d, imageSize, channels);
        return new Figure(raw / reference * task.ms(), task.source() + " × the cost model's ratio "
                + round(raw / reference) + (d.probeKind() == ProbeKind.RANDOM_CONV4 ? ""
                : " (a " + d.probeKind() + " probe taken as a Conv4-64)"));
    }

    /** Measured ResNet-12 steps over what Conv4's calibration predicts for them (ResNet's larger convolutions). */
    private static double archEfficiency(RunSpec.Method method) {
        RunSpec conv4 = benchSpec(method, RunSpec.Arch.CONV4);
        RunSpec resnet = benchSpec(method, RunSpec.Arch.RESNET12);
        double conv4Calibration = find(Part.STEP, method, RunSpec.Arch.CONV4).ms()
                / raw(Part.STEP, conv4, BENCH_SIZE, BENCH_CHANNELS);
        return find(Part.STEP, method, RunSpec.Arch.RESNET12).ms()
                / (raw(Part.STEP, resnet, BENCH_SIZE, BENCH_CHANNELS) * conv4Calibration);
    }

    private static Bench find(Part part, RunSpec.Method method, RunSpec.Arch arch) {
        return BENCH.stream().filter(b -> b.part() == part && b.method() == method && b.arch() == arch).findFirst()
                .orElse(null);
    }

    /** Three significant digits. */
    static String round(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** The median of positive finite values, or NaN when there are none. */
    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> Double.isFinite(x) && x >= 0).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
