package io.metadiv.bench;

import ai.djl.ndarray.NDManager;
import io.metadiv.diversity.DiversityCalculator;
import io.metadiv.diversity.DiversityResult;
import io.metadiv.diversity.DiversitySettings;
import io.metadiv.diversity.Probe;
import io.metadiv.diversity.ProbeSpec;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.ImageSet;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.TorchRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code bench.py --method diversity} in DJL: the same arguments (see {@link BenchArgs}; the diversity-relevant ones
 * are --dataset, --split, --split-seed, --div-split, --ways, --div-shots, --div-queries, --tasks, --seed,
 * --probe-seed, --probe-head-steps, --head-lr, --fim-samples, --noise-tasks, --hidden, --img, --threads, --out) and
 * one JSON line on stdout with the reference's field names (div_coeff, div_ci95, pairs, dist_min, dist_max, tasks,
 * embed_ms_median, embed_ms_mean, embed_ms_first, embed_dim, mc_noise_dist_mean, mc_noise_tasks,
 * diversity_seconds, peak_rss_mb, …). {@code --probe-backbone} takes our files, not torch.save ones: a checkpoint
 * of ours ({@code Bench --save-params}) or a TorchScript archive.
 */
public final class DiversityBench {

    private DiversityBench() {
    }

    /**
     * The probe: the random Conv4 without {@code --probe-backbone}; with it, a TorchScript archive (ZIP) becomes
     * a TorchScript probe, and a checkpoint of ours ({@code --save-params} of a PT or MAML run) a
     * Conv4 backbone probe of its first tensors ({@link ProbeSpec#fromFile}).
     */
    static Probe probe(String file, Conv4 architecture, long seed, NDManager manager) throws IOException {
        ProbeSpec spec = file.isEmpty() ? ProbeSpec.randomConv4(architecture.hidden(), seed)
                : ProbeSpec.fromFile(Files.readAllBytes(Path.of(file)), Path.of(file).getFileName().toString(),
                        architecture.hidden());
        return spec.open(architecture.inChannels(), architecture.imageSize(), manager);
    }

    /**
     * Runs the diversity benchmark.
     *
     * @param args bench.py arguments ({@code --method} may be omitted or {@code diversity})
     * @throws IOException when the dataset cannot be read or the output cannot be written
     */
    public static void main(String[] args) throws IOException {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        String[] withMethod = List.of(args).contains("--method") ? args
                : IntStream.range(0, args.length + 2).mapToObj(i -> i < args.length ? args[i]
                        : i == args.length ? "--method" : "diversity").toArray(String[]::new);
        BenchArgs a = BenchArgs.parse(withMethod);
        long tStart = System.nanoTime();
        Bench.Prepared prepared = Bench.prepare(a, "diversity");
        ImageSet data = prepared.data();
        ClassSplit split = prepared.split();
        Map<String, Object> res = prepared.res();
        List<Integer> classes = a.str("div_split").equals("train") ? split.train()
                : IntStream.range(0, data.numClasses()).boxed().toList();
        DiversitySettings settings = DiversitySettings.builder().optTasks(a.integer("tasks"))
                .optShape(a.integer("ways"), a.integer("div_shots"), a.integer("div_queries"))
                .optSeed(a.integer("seed")).optHead(a.integer("probe_head_steps"), a.dbl("head_lr"))
                .optFisherSamples(a.integer("fim_samples")).optNoiseTasks(Math.min(a.integer("noise_tasks"), a.integer("tasks"))).build();
        Conv4 architecture = new Conv4(a.integer("hidden"), data.channels(), data.height());
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                Probe probe = probe(a.str("probe_backbone"), architecture, a.integer("probe_seed"), manager)) {
            DiversityResult r = new DiversityCalculator(probe, settings).compute(data, classes, manager,
                    done -> System.err.println("diversity: " + done + "/" + settings.tasks() + " tasks embedded"));
            res.put("div_coeff", r.coefficient().coefficient());
            res.put("div_ci95", r.coefficient().ci95());
            res.put("pairs", r.coefficient().pairs());
            res.put("dist_min", r.coefficient().min());
            res.put("dist_max", r.coefficient().max());
            res.put("tasks", settings.tasks());
            res.put("embed_ms_median", r.embedMillisMedian());
            res.put("embed_ms_mean", r.embedMillisMean());
            res.put("embed_ms_first", r.embedMillis()[0]);
            res.put("embed_dim", r.embeddings().get(0).length);
            if (r.noiseTasks() > 0) {
                res.put("mc_noise_dist_mean", r.noiseFloor());
                res.put("mc_noise_tasks", r.noiseTasks());
            }
            res.put("probe", r.probe());
            res.put("diversity_seconds", r.seconds());
        }
        Bench.emit(res, tStart, a, stdout);
    }
}
