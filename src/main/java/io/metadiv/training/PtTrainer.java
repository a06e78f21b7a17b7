package io.metadiv.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.metadiv.episode.Batch;
import io.metadiv.episode.BatchSampler;
import io.metadiv.episode.Episode;
import io.metadiv.episode.EpisodeSampler;
import io.metadiv.nn.Autograd;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.Network;
import io.metadiv.nn.GradMode;
import io.metadiv.nn.Losses;

/**
 * Pre-training baseline (reference {@code train_pt} / {@code eval_pt}): supervised network over the union of the
 * meta-train classes with Adam; at meta-test the backbone is frozen (BatchNorm with the support / query batch's
 * own statistics, like MAML) and a fresh linear head is fitted on each episode's support features.
 */
public final class PtTrainer extends Trainer<Batch> {

    /** Kind tag in checkpoints. */
    public static final String KIND = "PT";

    private final PtConfig config;
    private final BatchSampler sampler;

    /**
     * Creates a trainer with freshly initialised network parameters (head over the sampler's classes).
     *
     * @param parent manager to create the trainer's manager from
     * @param model architecture
     * @param config PT settings
     * @param sampler supervised batches over the meta-train classes
     */
    public PtTrainer(NDManager parent, Network model, PtConfig config, BatchSampler sampler) {
        super(parent, model, sampler.numClasses(), config.seed(), config.dataType(),
                Adam.Config.of(config.learningRate()), sampler, KIND);
        this.config = config;
        this.sampler = sampler;
    }

    @Override
    protected int totalSteps() {
        return config.iterations();
    }

    @Override
    protected double trainSeconds() {
        return config.trainSeconds();
    }

    @Override
    protected Batch sample(NDManager scope) {
        return sampler.sample(scope);
    }

    @Override
    protected double runStep(Batch batch, NDManager scope) {
        NDList grads;
        double loss;
        try (GradMode on = GradMode.enabled()) {
            NDArray logits = model.forward(batch.images(), params);
            logits.attach(scope);
            NDArray lossArray = Losses.crossEntropy(logits, batch.labels());
            lossArray.attach(scope);
            loss = lossArray.getFloat();
            grads = Autograd.grad(lossArray, params, false);
            grads.attach(scope);
        }
        adam.step(params, grads);
        return loss;
    }

    /**
     * Meta-test: frozen backbone features of support and query, fresh head fitted on the support set, accuracy
     * on the queries.
     *
     * @param testSampler meta-test episodes
     * @param episodes E
     * @return mean accuracy with 95% CI
     */
    public Evaluation evaluate(EpisodeSampler testSampler, int episodes) {
        NDList backbone = new NDList(params.subNDList(0, model.backboneTensors()));
        double[] accs = new double[episodes];
        long start = System.nanoTime();
        for (int e = 0; e < episodes; e++) {
            try (NDManager scope = manager.newSubManager(); Episode ep = testSampler.sample(scope)) {
                NDArray fs;
                NDArray fq;
                try (GradMode off = GradMode.disabled()) {
                    fs = model.features(ep.support(), backbone);
                    fq = model.features(ep.query(), backbone);
                }
                NDList head = FitLinearHead.fit(fs, ep.supportLabels(), ep.ways(), config.head());
                try (GradMode off = GradMode.disabled()) {
                    NDArray logits = Conv4.linear(fq, head.get(0), head.get(1));
                    accs[e] = Losses.accuracy(logits, ep.queryLabels());
                }
            }
        }
        return Evaluation.of(accs, (System.nanoTime() - start) / 1e9);
    }
}
