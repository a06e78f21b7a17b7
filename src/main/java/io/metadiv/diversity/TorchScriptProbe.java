package io.metadiv.diversity;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.metadiv.nn.GradMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A TorchScript model as the probe: it maps float32 images [B, C, H, W] (pixels scaled to [0, 1]) to features
 * [B, …] (flattened to [B, D]); Task2Vec fits a fresh linear head on those features and takes the Fisher of the
 * model's convolution weights, which are its 4-D parameters, in the model's parameter order.
 *
 * <p>The model runs in eval mode: batch norm uses the model's own running statistics and dropout is off, so the
 * probe is frozen and every example's output depends on that example only (what makes per-example gradients well
 * defined; a Conv4 probe gets the same property from task statistics it freezes). Gradients are taken with respect
 * to the convolution weights only. Not thread-safe: the Fisher uses the weights' gradient fields.
 */
public final class TorchScriptProbe implements Probe {

    private static final int CONV_DIMENSIONS = 4;
    private static final int TRIAL_BATCH = 2;

    /**
     * One convolution weight of the model.
     *
     * @param name parameter name, e.g. {@code conv1.weight}
     * @param shape [out, in, kh, kw]
     */
    public record ConvWeight(String name, Shape shape) {

        /** Filters: the weight's entries in the embedding. */
        public int filters() {
            return Math.toIntExact(shape.get(0));
        }
    }

    private final NDManager manager;
    private final PtSymbolBlock module;
    private final NDList convWeights;
    private final List<ConvWeight> layers;
    private final String source;
    private Duration limit;
    private long deadline;

    private TorchScriptProbe(NDManager manager, PtSymbolBlock module, NDList convWeights, List<ConvWeight> layers,
            String source) {
        this.manager = manager;
        this.module = module;
        this.convWeights = convWeights;
        this.layers = layers;
        this.source = source;
    }

    /**
     * Loads a model written by {@code torch.jit.save}.
     *
     * @param model the archive's bytes
     * @param source identity recorded with scores, e.g. {@code "small-cnn, sha256 1a2b…"}
     * @param parent manager under which the probe's own child manager is created
     * @return the probe; close it to free the model
     * @throws UnsafeModelException when {@link TorchScriptInspector} refuses the archive (libtorch never sees it)
     * @throws IllegalArgumentException when libtorch cannot load the model or it has no convolution weight
     */
    public static TorchScriptProbe load(byte[] model, String source, NDManager parent) {
        // a model is code, run by loading it already (__setstate__): nothing the inspector refuses reaches libtorch
        TorchScriptInspector.inspect(model);
        NDManager manager = parent.newSubManager();
        try {
            PtSymbolBlock module;
            try {
                module = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(model), false, false);
            } catch (EngineException | IOException e) {
                throw new IllegalArgumentException("not a TorchScript model libtorch can load: " + firstLine(e));
            }
            // eval mode (running BN statistics, no dropout) for good; the forwards below still run with autograd
            JniUtils.enableInferenceMode(module);
            NDList convWeights = new NDList();
            List<ConvWeight> layers = new ArrayList<>();
            for (NDArray p : JniUtils.moduleGetParams(module, (PtNDManager) manager)) {
                boolean conv = p.getShape().dimension() == CONV_DIMENSIONS;
                p.setRequiresGradient(conv);
                if (conv) {
                    convWeights.add(p);
                    layers.add(new ConvWeight(p.getName(), p.getShape()));
                }
            }
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("the model has no convolution weight (no 4-D parameter): "
                        + "Task2Vec embeds a task by the Fisher of conv weights");
            }
            return new TorchScriptProbe(manager, module, convWeights, List.copyOf(layers), source);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Limits the wall time of everything this probe runs from now on: a forward pass asked for after {@code limit}
     * has passed throws {@link ProbeTimeLimitException} instead (one already running cannot be stopped).
     */
    public void limitTime(Duration limit) {
        this.limit = limit;
        this.deadline = System.nanoTime() + limit.toNanos();
    }

    /** The convolution weights whose Fisher makes the embedding, in the model's parameter order. */
    public List<ConvWeight> convWeights() {
        return layers;
    }

    /** Embedding length: the total number of conv filters. */
    public int dimension() {
        return layers.stream().mapToInt(ConvWeight::filters).sum();
    }

    /**
     * Checks that the model takes a batch of images of this shape, gives one feature row per image, and that every
     * convolution weight influences the features.
     *
     * @param channels C
     * @param size H = W
     * @return the feature dimension D
     * @throws IllegalArgumentException naming what does not fit
     */
    public int check(int channels, int size) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.zeros(new Shape(TRIAL_BATCH, channels, size, size), DataType.FLOAT32);
            NDArray features;
            NDArray total;
            try (GradMode on = GradMode.enabled()) {
                features = features(x);
                total = features.sum();
            }
            JniUtils.backward((PtNDArray) total, (PtNDArray) scope.ones(new Shape()), false, false);
            for (int l = 0; l < convWeights.size(); l++) {
                gradientOf(l, scope);
            }
            zeroGradients();
            return Math.toIntExact(features.getShape().get(1));
        }
    }

    /**
     * The model's output for a batch, flattened to [B, D]; with grad mode on it keeps the graph to the conv weights.
     *
     * @param x float32 images [B, C, H, W]
     * @return features [B, D], owned by x's manager
     * @throws IllegalArgumentException when the model rejects the input or its output has no batch dimension
     */
    NDArray features(NDArray x) {
        if (limit != null && System.nanoTime() - deadline > 0) {
            throw new ProbeTimeLimitException(source, limit);
        }
        long batch = x.getShape().get(0);
        NDList out;
        try {
            out = module.forward(new ParameterStore(x.getManager(), false), new NDList(x), true);
        } catch (EngineException e) {
            throw new IllegalArgumentException("the model does not accept float32 images of shape " + x.getShape()
                    + ": " + firstLine(e));
        }
        NDArray first = out.get(0);
        Shape shape = first.getShape();
        if (shape.dimension() < 2 || shape.get(0) != batch) {
            out.close();
            throw new IllegalArgumentException("the model's output for " + batch + " images has shape " + shape
                    + "; a probe must return one feature row per image, [" + batch + ", D]");
        }
        for (int i = 1; i < out.size(); i++) {
            out.get(i).close();
        }
        first.attach(x.getManager());
        if (shape.dimension() == 2) {
            return first;
        }
        try (first) {
            return first.reshape(batch, -1);
        }
    }

    /** Gradient of conv weight {@code l} accumulated by the last backward pass, in {@code scope}. */
    NDArray gradientOf(int l, NDManager scope) {
        NDArray g = JniUtils.getGradient((PtNDArray) convWeights.get(l));
        if (g == null) { // no backward pass reached it
            throw new IllegalArgumentException("convolution weight " + layers.get(l).name()
                    + " does not influence the model's output, so it has no Fisher");
        }
        g.attach(scope);
        return g;
    }

    /** Clears the conv weights' gradient fields. */
    void zeroGradients() {
        for (NDArray w : convWeights) {
            JniUtils.zeroGrad((PtNDArray) w);
        }
    }

    /** Number of convolution weights. */
    int convCount() {
        return convWeights.size();
    }

    @Override
    public ProbeKind kind() {
        return ProbeKind.TORCHSCRIPT;
    }

    @Override
    public String description() {
        return "torchscript(" + source + ", " + layers.size() + " conv weights, " + dimension() + " filters)";
    }

    @Override
    public TaskEmbedder embedder(Task2Vec.Config config) {
        return new ScriptedTask2Vec(this, config);
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
