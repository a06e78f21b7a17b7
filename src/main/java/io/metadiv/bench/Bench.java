package io.metadiv.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.metadiv.episode.BatchSampler;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.EpisodeSampler;
import io.metadiv.episode.ImageSet;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.Network;
import io.metadiv.nn.ResNet12;
import io.metadiv.nn.TorchRuntime;
import io.metadiv.training.Evaluation;
import io.metadiv.training.FitLinearHead;
import io.metadiv.training.MamlConfig;
import io.metadiv.training.MamlTrainer;
import io.metadiv.training.ProgressListener;
import io.metadiv.training.PtConfig;
import io.metadiv.training.PtTrainer;
import io.metadiv.training.Timing;
import io.metadiv.training.Trainer;
import io.metadiv.training.TrainingResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference benchmark's command line on our ML core: prints exactly one JSON line on stdout with the same
 * fields as {@code bench.py} (progress on stderr). Timing fields are milliseconds; {@code peak_rss_mb} is the
 * process's peak resident set (VmHWM) in MiB.
 */
public final class Bench {

    private static final int LOSS_WINDOW = 20;
    private static final double MIB = 1024.0;
    private static final String DJL_VERSION = "0.36.0";

    private Bench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the arguments of {@code bench.py} ({@code --dataset} and {@code --method} required)
     * @throws IOException when the dataset cannot be read or the output cannot be written
     */
    public static void main(String[] args) throws IOException {
        PrintStream stdout = System.out;
        System.setOut(System.err); // library logging must not mix with the one JSON line on stdout
        BenchArgs a = BenchArgs.parse(args);
        String method = a.str("method");
        if (method.equals("diversity")) {
            System.setOut(stdout);
            DiversityBench.main(args);
            return;
        }
        long tStart = System.nanoTime();
        Prepared prepared = prepare(a, method);
        ImageSet data = prepared.data();
        ClassSplit split = prepared.split();
        Map<String, Object> res = prepared.res();

        int ways = a.integer("ways");
        Network model = network(a.str("arch"), a.integer("hidden"), data.channels(), data.height());
        EpisodeSampler test = EpisodeSampler.builder().setImages(data).setClasses(split.test())
                .setShape(ways, a.integer("shots"), a.integer("queries")).optSeed(a.integer("eval_seed")).build();
        int warmup = a.integer("warmup");
        ProgressListener log = progressLog(a.integer("log_every"), method);
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            long t0 = System.nanoTime();
            Trainer<?> trainer;
            Evaluation ev;
            if (method.equals("ho") || method.equals("fo")) {
                MamlConfig cfg = MamlConfig.builder(method.equals("ho") ? MamlConfig.Order.HIGHER
                        : MamlConfig.Order.FIRST).optMetaBatch(a.integer("meta_batch"))
                        .optInnerSteps(a.integer("inner_steps")).optInnerStepsTest(a.integer("inner_steps_test"))
                        .optInnerLr(a.dbl("inner_lr")).optOuterLr(a.dbl("outer_lr")).optIterations(a.integer("iters"))
                        .optSeed(a.integer("seed")).build();
                EpisodeSampler train = EpisodeSampler.builder().setImages(data).setClasses(split.train())
                        .setShape(ways, a.integer("shots"), a.integer("queries")).optSeed(a.integer("seed")).build();
                MamlTrainer maml = new MamlTrainer(manager, model, cfg, train);
                trainer = maml;
                TrainingResult r = maml.train(log);
                putTraining(res, r, t0, "outer_step", "episode_sample", warmup);
                ev = maml.evaluate(test, a.integer("eval_episodes"));
            } else if (method.equals("pt")) {
                PtConfig cfg = PtConfig.builder().optBatchSize(a.integer("pt_batch")).optLearningRate(a.dbl("pt_lr"))
                        .optIterations(a.integer("iters")).optTrainSeconds(a.dbl("train_seconds"))
                        .optHead(new FitLinearHead.Config(a.integer("head_steps"), a.dbl("head_lr")))
                        .optSeed(a.integer("seed")).build();
                BatchSampler batches = new BatchSampler(data, split.train(), a.integer("pt_batch"), a.integer("seed"),
                        cfg.dataType());
                PtTrainer pt = new PtTrainer(manager, model, cfg, batches);
                trainer = pt;
                TrainingResult r = pt.train(log);
                putTraining(res, r, t0, "pt_batch", "batch_sample", warmup);
                ev = pt.evaluate(test, a.integer("eval_episodes"));
            } else {
                throw new IllegalArgumentException("--method must be ho, fo, pt or diversity, got " + method);
            }
            res.put("acc_mean", ev.accMean());
            res.put("acc_ci95", ev.accCi95());
            res.put("episodes", ev.episodes());
            res.put("eval_seconds", ev.evalSeconds());
            res.put("eval_ms_per_episode", ev.msPerEpisode());
            if (!a.str("save_params").isEmpty()) {
                try (OutputStream out = Files.newOutputStream(Path.of(a.str("save_params")))) {
                    trainer.saveCheckpoint(out);
                }
            }
            trainer.close();
        }
        emit(res, tStart, a, stdout);
    }

    /**
     * The network of {@code --arch} (ours only; the reference has Conv4 alone): {@code conv4} (width
     * {@code --hidden}), {@code resnet12} (widths 64, 160, 320, 640) or {@code resnet12:w1,w2,w3,w4}.
     */
    static Network network(String arch, int hidden, int channels, int size) {
        if (arch.equals("conv4")) {
            return new Conv4(hidden, channels, size);
        }
        if (arch.equals("resnet12")) {
            return new ResNet12(ResNet12.DEFAULT_WIDTHS, channels, size);
        }
        if (arch.startsWith("resnet12:")) {
            int[] widths = Arrays.stream(arch.substring("resnet12:".length()).split(",")).map(String::strip)
                    .mapToInt(Integer::parseInt).toArray();
            return new ResNet12(widths, channels, size);
        }
        throw new IllegalArgumentException("--arch must be conv4, resnet12 or resnet12:w1,w2,w3,w4, got " + arch);
    }

    /**
     * Closes a result with wall time and peak RSS, prints it as the one JSON line on stdout and appends it to
     * {@code --out} when given.
     *
     * @param res result fields
     * @param tStart {@link System#nanoTime()} at the start of the run
     * @param a parsed arguments
     * @param stdout the stream the JSON line goes to
     * @throws IOException when {@code --out} cannot be written
     */
    static void emit(Map<String, Object> res, long tStart, BenchArgs a, PrintStream stdout) throws IOException {
        res.put("wall_seconds", seconds(tStart));
        res.put("peak_rss_mb", peakRssKb() / MIB);
        String line = Json.write(res);
        stdout.println(line);
        stdout.flush();
        if (!a.str("out").isEmpty()) {
            Files.writeString(Path.of(a.str("out")), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static void putTraining(Map<String, Object> res, TrainingResult r, long t0, String stepKey,
            String sampleKey, int warmup) {
        res.put("train_iters", r.stepsDone());
        res.put("train_seconds", seconds(t0));
        res.put(stepKey, timing(Timing.of(r.stepMillis(), warmup)));
        res.put(sampleKey, timing(Timing.of(r.sampleMillis(), warmup)));
        res.put("final_train_loss_last20", r.meanLastLosses(LOSS_WINDOW));
    }

    private static Map<String, Object> timing(Timing t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", t.n());
        if (t.n() > 0) {
            m.put("median_ms", t.medianMs());
            m.put("mean_ms", t.meanMs());
            m.put("p90_ms", t.p90Ms());
            m.put("warmup_excluded", t.warmupExcluded());
        }
        return m;
    }

    private static ProgressListener progressLog(int every, String method) {
        if (every <= 0) {
            return ProgressListener.NONE;
        }
        double[] window = new double[every];
        return p -> {
            window[(p.step() - 1) % every] = p.loss();
            if (p.step() % every == 0) {
                double mean = 0;
                for (double v : window) {
                    mean += v;
                }
                System.err.printf("[%s] it %d loss %.4f elapsed %.1fs%n", method, p.step(), mean / every,
                        p.elapsedMillis() / 1e3);
            }
            return ProgressListener.Decision.CONTINUE;
        };
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The dataset and split every benchmark starts from, and the JSON header fields describing them. */
    record Prepared(ImageSet data, ClassSplit split, Map<String, Object> res) {
    }

    /**
     * Configures the engine, loads the dataset, splits its classes and starts the result with the reference's
     * header fields (method, config, torch, threads, dataset, split sizes, load time).
     *
     * @param a parsed arguments
     * @param method the {@code method} field
     * @return data, split and the result map to extend
     * @throws IOException when the dataset cannot be read
     */
    static Prepared prepare(BenchArgs a, String method) throws IOException {
        Engine engine = TorchRuntime.configure(a.integer("threads"));
        long tStart = System.nanoTime();
        BenchData.Loaded loaded = BenchData.load(a.str("dataset"), a.integer("img"));
        ImageSet data = loaded.images();
        double loadSeconds = seconds(tStart);
        ClassSplit split = ClassSplit.of(data.numClasses(), ClassSplit.parseFractions(a.str("split")),
                a.integer("split_seed"));
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("method", method);
        res.put("config", a.values());
        res.put("torch", "djl-" + DJL_VERSION + "/libtorch-" + engine.getVersion());
        res.put("torch_threads", TorchRuntime.threads());
        res.put("torch_interop_threads", TorchRuntime.interopThreads());
        res.put("dataset_name", loaded.name());
        res.put("num_images", data.size());
        res.put("num_classes", data.numClasses());
        res.put("duplicates_dropped", loaded.duplicatesDropped());
        res.put("split_sizes", Map.of("train", split.train().size(), "val", split.val().size(), "test",
                split.test().size()));
        res.put("load_seconds", loadSeconds);
        return new Prepared(data, split, res);
    }

    /** Peak resident set size in KiB (VmHWM), or -1 when /proc is not available. */
    static long peakRssKb() {
        return procStatusKb("VmHWM:");
    }

    /**
     * A KiB field of /proc/self/status.
     *
     * @param field e.g. {@code "VmRSS:"}
     * @return the value in KiB, or -1 when unavailable
     */
    static long procStatusKb(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field)) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
