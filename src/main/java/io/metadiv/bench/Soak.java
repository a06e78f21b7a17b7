package io.metadiv.bench;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.EpisodeSampler;
import io.metadiv.episode.ImageSet;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.TorchRuntime;
import io.metadiv.training.MamlConfig;
import io.metadiv.training.MamlTrainer;
import io.metadiv.training.ProgressListener;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Long-run leak check: HO-MAML steps on Fashion-MNIST with a small Conv4, printing the resident set (VmRSS, MiB)
 * and the open NDArray count at checkpoints; one JSON line on stdout.
 * {@code java -cp … io.metadiv.bench.Soak [steps=10000] [hidden=16] [threads=2]}
 */
public final class Soak {

    private static final int DEFAULT_STEPS = 10_000;
    private static final int DEFAULT_HIDDEN = 16;
    private static final int DEFAULT_THREADS = 2;
    private static final int FIRST_MARK = 100;
    private static final int WAYS = 5;
    private static final int SHOTS = 1;
    private static final int QUERIES = 5;
    private static final int META_BATCH = 2;

    private Soak() {
    }

    /**
     * Runs the soak.
     *
     * @param args optional: steps, hidden width, threads
     * @throws IOException when Fashion-MNIST cannot be read
     */
    public static void main(String[] args) throws IOException {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_STEPS;
        int hidden = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_HIDDEN;
        TorchRuntime.configure(args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_THREADS);
        ImageSet data = BenchData.fashionMnist(BenchData.FMNIST_DIR);
        ClassSplit split = ClassSplit.of(data.numClasses(), new double[] {0.5, 0, 0.5}, 0);
        EpisodeSampler sampler = EpisodeSampler.builder().setImages(data).setClasses(split.train())
                .setShape(WAYS, SHOTS, QUERIES).build();
        MamlConfig config = MamlConfig.builder(MamlConfig.Order.HIGHER).optMetaBatch(META_BATCH).optIterations(steps)
                .build();
        Map<String, Object> marks = new LinkedHashMap<>();
        int every = Math.max(FIRST_MARK, steps / 10);
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                MamlTrainer trainer = new MamlTrainer(manager, new Conv4(hidden, 1, data.height()), config, sampler)) {
            trainer.train(p -> {
                if (p.step() == FIRST_MARK || p.step() % every == 0) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("rss_mb", Bench.procStatusKb("VmRSS:") / 1024.0);
                    m.put("open_arrays", ((BaseNDManager) manager).getManagedArrays().size());
                    m.put("loss", p.loss());
                    m.put("elapsed_s", p.elapsedMillis() / 1e3);
                    marks.put(Integer.toString(p.step()), m);
                    System.err.println("[soak] step " + p.step() + " " + m);
                }
                return ProgressListener.Decision.CONTINUE;
            });
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("steps", steps);
        res.put("hidden", hidden);
        res.put("marks", marks);
        res.put("peak_rss_mb", Bench.peakRssKb() / 1024.0);
        stdout.println(Json.write(res));
    }
}
