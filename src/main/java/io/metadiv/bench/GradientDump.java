package io.metadiv.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.metadiv.episode.Episode;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.TorchRuntime;
import io.metadiv.training.MamlConfig;
import io.metadiv.training.MamlTrainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Cross-check against the reference implementation: writes a float64 Conv4 (hidden 8), one random 5-way 2-shot
 * 3-query task, and our HO/FO meta-loss and meta-gradients (2 inner steps, lr 0.4) as raw little-endian float64
 * files; {@code bench/crosscheck.py} recomputes them with the reference's {@code maml.meta_loss}.
 * {@code java -cp … io.metadiv.bench.GradientDump DIR}
 */
public final class GradientDump {

    private static final int WAYS = 5;
    private static final int INNER_STEPS = 2;
    private static final double INNER_LR = 0.4;
    private static final int SEED = 3;

    private GradientDump() {
    }

    /**
     * Writes the dump.
     *
     * @param args the output directory
     * @throws IOException on write failure
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/crosscheck");
        Files.createDirectories(dir);
        TorchRuntime.configure(1);
        Conv4 model = new Conv4(8, 1, 28);
        try (NDManager m = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            m.getEngine().setRandomSeed(SEED);
            NDList params = model.init(m, WAYS, SEED, DataType.FLOAT64);
            NDArray xs = m.randomUniform(0, 1, new Shape(10, 1, 28, 28), DataType.FLOAT64);
            NDArray xq = m.randomUniform(0, 1, new Shape(15, 1, 28, 28), DataType.FLOAT64);
            NDArray ys = m.create(new long[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4});
            NDArray yq = m.create(new long[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4});
            for (int i = 0; i < params.size(); i++) {
                write(dir, "p" + i, params.get(i));
            }
            write(dir, "xs", xs);
            write(dir, "xq", xq);
            Episode task = new Episode(xs, ys, xq, yq, WAYS, new int[WAYS]);
            for (MamlConfig.Order order : MamlConfig.Order.values()) {
                MamlTrainer.MetaStep step = MamlTrainer.metaStep(model, params, List.of(task), INNER_STEPS, INNER_LR,
                        order, m);
                Files.writeString(dir.resolve("loss_" + order), Double.toString(step.loss()), StandardCharsets.UTF_8);
                for (int i = 0; i < params.size(); i++) {
                    write(dir, "g_" + order + i, step.gradients().get(i));
                }
            }
        }
    }

    private static void write(Path dir, String name, NDArray array) throws IOException {
        double[] values = array.toType(DataType.FLOAT64, true).toDoubleArray();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            bytes.putDouble(v);
        }
        Files.write(dir.resolve(name + ".bin"), bytes.array());
        Files.writeString(dir.resolve(name + ".shape"), array.getShape().toString(), StandardCharsets.UTF_8);
    }
}
