package io.metadiv.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.metadiv.episode.Episode;
import io.metadiv.episode.EpisodeSampler;
import io.metadiv.nn.Network;
import io.metadiv.nn.GradMode;
import io.metadiv.nn.Autograd;
import io.metadiv.nn.Losses;
import io.metadiv.nn.Scalars;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Higher-order and first-order MAML (reference {@code maml.py}): per task, inner SGD on the support set
 * starting from the meta-parameters, query loss of the adapted weights; the outer Adam step follows the mean
 * query loss over the meta-batch.
 *
 * <p>Higher order: inner gradients come from {@link Autograd#grad} with {@code createGraph=true}, so the adapted
 * weights stay differentiable functions of the meta-parameters. Each task's outer gradient is taken as soon as its
 * query loss exists, which frees that task's graph before the next task.
 */
public final class MamlTrainer extends Trainer<MamlTrainer.MetaBatch> {

    /** Kind tag in checkpoints. */
    public static final String KIND = "MAML";

    private final MamlConfig config;
    private final EpisodeSampler sampler;

    /**
     * A meta-batch of episodes.
     *
     * @param tasks the episodes
     */
    public record MetaBatch(List<Episode> tasks) implements AutoCloseable {

        /** Closes the episodes. */
        @Override
        public void close() {
            tasks.forEach(Episode::close);
        }
    }

    /**
     * Meta-loss and meta-gradient of one outer step.
     *
     * @param loss mean query loss over the tasks
     * @param accuracy query accuracy over all tasks
     * @param gradients d loss / d params (no history), in the scope manager
     */
    public record MetaStep(double loss, double accuracy, NDList gradients) {
    }

    /**
     * Creates a trainer with freshly initialised parameters of the network.
     *
     * @param parent manager to create the trainer's manager from
     * @param model architecture
     * @param config MAML settings (initialisation seed and data type included)
     * @param sampler meta-train episodes; its data type must match the config's
     */
    public MamlTrainer(NDManager parent, Network model, MamlConfig config, EpisodeSampler sampler) {
        super(parent, model, sampler.ways(), config.seed(), config.dataType(), Adam.Config.of(config.outerLr()), sampler,
                KIND + "-" + config.order());
        this.config = config;
        this.sampler = sampler;
    }

    @Override
    protected int totalSteps() {
        return config.iterations();
    }

    @Override
    protected MetaBatch sample(NDManager scope) {
        List<Episode> tasks = new ArrayList<>(config.metaBatch());
        for (int t = 0; t < config.metaBatch(); t++) {
            tasks.add(sampler.sample(scope));
        }
        return new MetaBatch(tasks);
    }

    @Override
    protected double runStep(MetaBatch input, NDManager scope) {
        MetaStep meta = metaStep(model, params, input.tasks(), config.innerSteps(), config.innerLr(), config.order(),
                scope);
        adam.step(params, meta.gradients());
        return meta.loss();
    }

    /**
     * Inner-loop SGD on a support set: {@code fast ← fast − lr · dL/dfast}, {@code steps} times.
     *
     * @param model architecture
     * @param start starting weights (meta-parameters, possibly probed)
     * @param xs support images [N·K, C, H, W]
     * @param ys support labels [N·K]
     * @param steps inner steps
     * @param lr inner learning rate
     * @param createGraph keep inner gradients differentiable (higher order)
     * @param scope owner of all intermediate tensors
     * @return adapted weights, in {@code scope}
     */
    public static NDList adapt(Network model, NDList start, NDArray xs, NDArray ys, int steps, double lr,
            boolean createGraph, NDManager scope) {
        NDList fast = start;
        // one learning-rate tensor for every step and parameter; in the scope, alive until the backward pass
        NDArray rate = Scalars.of(scope, lr);
        try (GradMode on = GradMode.enabled()) {
            for (int s = 0; s < steps; s++) {
                NDArray logits = model.forward(xs, fast);
                NDArray loss = Losses.crossEntropy(logits, ys);
                logits.close();
                NDList grads = Autograd.grad(loss, fast, createGraph);
                loss.close();
                NDList next = new NDList(fast.size());
                for (int i = 0; i < fast.size(); i++) {
                    NDArray step = grads.get(i).mul(rate);
                    NDArray moved = fast.get(i).sub(step);
                    moved.attach(scope);
                    step.close();
                    next.add(moved);
                }
                grads.close();
                fast = next;
            }
        }
        return fast;
    }

    /**
     * Mean query loss after adaptation over the tasks and its gradient with respect to {@code params}.
     *
     * @param model architecture
     * @param params meta-parameters (plain tensors)
     * @param tasks episodes
     * @param innerSteps inner steps per task
     * @param innerLr inner learning rate
     * @param order HIGHER or FIRST
     * @param scope owner of everything created (gradients included)
     * @return loss, accuracy and gradients
     */
    public static MetaStep metaStep(Network model, NDList params, List<Episode> tasks, int innerSteps, double innerLr,
            MamlConfig.Order order, NDManager scope) {
        boolean higher = order == MamlConfig.Order.HIGHER;
        requireGradients(params);
        NDList sum = null;
        double loss = 0;
        double correct = 0;
        long queries = 0;
        for (Episode task : tasks) {
            try (NDManager taskScope = scope.newSubManager()) {
                NDList grads;
                try (GradMode on = GradMode.enabled()) {
                    NDList fast = adapt(model, params, task.support(), task.supportLabels(), innerSteps, innerLr,
                            higher, taskScope);
                    NDArray logits = model.forward(task.query(), fast);
                    logits.attach(taskScope);
                    correct += Losses.accuracy(logits, task.queryLabels()) * task.queryLabels().size();
                    queries += task.queryLabels().size();
                    NDArray taskLoss;
                    try (NDArray taskMean = Losses.crossEntropy(logits, task.queryLabels())) {
                        taskLoss = Scalars.dividedBy(taskMean, tasks.size());
                    }
                    taskLoss.attach(taskScope);
                    loss += taskLoss.toType(DataType.FLOAT64, true).getDouble();
                    grads = Autograd.grad(taskLoss, params, false);
                }
                try (GradMode off = GradMode.disabled()) {
                    if (sum == null) {
                        grads.attach(scope);
                        sum = grads;
                    } else {
                        for (int i = 0; i < sum.size(); i++) {
                            sum.get(i).addi(grads.get(i));
                        }
                    }
                }
            }
        }
        return new MetaStep(loss, correct / queries, sum);
    }

    /**
     * Marks parameters as autograd leaves (idempotent); optimiser updates then run without autograd.
     *
     * @param params parameters created without history
     */
    static void requireGradients(NDList params) {
        for (NDArray p : params) {
            if (!p.hasGradient()) {
                p.setRequiresGradient(true);
            }
        }
    }

    /**
     * Meta-test: per episode, first-order adaptation of a copy of the parameters on the support set with the
     * test inner steps, then accuracy on the queries.
     *
     * @param testSampler meta-test episodes
     * @param episodes E
     * @return mean accuracy with 95% CI
     */
    public Evaluation evaluate(EpisodeSampler testSampler, int episodes) {
        double[] accs = new double[episodes];
        long start = System.nanoTime();
        for (int e = 0; e < episodes; e++) {
            try (NDManager scope = manager.newSubManager(); Episode ep = testSampler.sample(scope)) {
                requireGradients(params);
                NDList fast = adapt(model, params, ep.support(), ep.supportLabels(), config.innerStepsTest(),
                        config.innerLr(), false, scope);
                try (GradMode off = GradMode.disabled()) {
                    NDArray logits = model.forward(ep.query(), fast);
                    logits.attach(scope);
                    accs[e] = Losses.accuracy(logits, ep.queryLabels());
                }
            }
        }
        return Evaluation.of(accs, (System.nanoTime() - start) / 1e9);
    }
}
