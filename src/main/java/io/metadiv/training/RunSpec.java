package io.metadiv.training;

import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.EpisodeSampler;
import io.metadiv.episode.ImageSet;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.Network;
import io.metadiv.nn.ResNet12;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything one training run needs besides its data: method, network, episode shape, training and evaluation
 * settings, split and seed. The defaults are the reference bench's ({@code bench.py}); {@link #violations} checks
 * ranges and the fit to a dataset, naming each setting and its allowed range.
 *
 * @param method HO-MAML, FO-MAML or PT
 * @param arch network family
 * @param hidden Conv4 width
 * @param widths ResNet-12 stage widths (4)
 * @param ways N
 * @param shots K
 * @param queries Q
 * @param iterations steps (outer steps for MAML, batches for PT)
 * @param trainSeconds a wall-time budget instead of {@code iterations} (0 = none)
 * @param metaBatch MAML tasks per outer step
 * @param innerSteps MAML inner steps in training
 * @param innerStepsTest inner steps at meta-test
 * @param innerLr MAML inner learning rate
 * @param outerLr MAML outer Adam learning rate
 * @param ptBatch PT batch size
 * @param ptLr PT Adam learning rate
 * @param evalEpisodes meta-test episodes
 * @param evalSeed seed of the meta-test episodes
 * @param split meta-train, meta-val, meta-test class fractions
 * @param splitSeed class-split seed
 * @param splitInOrder split the classes in the dataset's label order (the last ones meta-test) instead of shuffling
 *     them with {@code splitSeed}
 * @param seed initialisation and training-stream seed
 */
public record RunSpec(Method method, Arch arch, int hidden, List<Integer> widths, int ways, int shots, int queries,
        int iterations, double trainSeconds, int metaBatch, int innerSteps, int innerStepsTest, double innerLr,
        double outerLr, int ptBatch, double ptLr, int evalEpisodes, long evalSeed, List<Double> split,
        long splitSeed, boolean splitInOrder, long seed) {

    /** The training methods. */
    public enum Method {
        /** MAML through the inner steps. */
        HO_MAML,
        /** First-order MAML. */
        FO_MAML,
        /** Pre-training, then a linear head per test episode. */
        PT
    }

    /** Network families. */
    public enum Arch {
        /** Four conv blocks of width {@code hidden}. */
        CONV4,
        /** ResNet-12 with four stage widths. */
        RESNET12
    }

    /** The bench's N. */
    public static final int DEFAULT_WAYS = 5;
    /** The bench's K. */
    public static final int DEFAULT_SHOTS = 1;
    /** The bench's Q. */
    public static final int DEFAULT_QUERIES = 15;
    /** The bench's meta-test episodes. */
    public static final int DEFAULT_EVAL_EPISODES = 200;
    /** The bench's meta-test seed. */
    public static final long DEFAULT_EVAL_SEED = 12345L;
    /** Largest values accepted, so one request cannot occupy a worker for days. */
    static final int MAX_ITERATIONS = 100_000;
    static final int MAX_EPISODES = 10_000;
    static final int MAX_WIDTH = 1024;

    /** One setting out of range or not fitting the dataset. */
    public record Violation(String field, String message) {
    }

    /** A builder with the bench's defaults. */
    public static Builder builder(Method method) {
        return new Builder(method);
    }

    /** The same run with another seed. */
    public RunSpec withSeed(long newSeed) {
        return new RunSpec(method, arch, hidden, widths, ways, shots, queries, iterations, trainSeconds, metaBatch,
                innerSteps, innerStepsTest, innerLr, outerLr, ptBatch, ptLr, evalEpisodes, evalSeed, split, splitSeed,
                splitInOrder, newSeed);
    }

    /** The network for images of this shape. */
    public Network network(int channels, int imageSize) {
        return arch == Arch.CONV4 ? new Conv4(hidden, channels, imageSize)
                : new ResNet12(widths.stream().mapToInt(Integer::intValue).toArray(), channels, imageSize);
    }

    /** The class split of a dataset with this many classes. */
    public ClassSplit classSplit(int numClasses) {
        return ClassSplit.of(numClasses, split.stream().mapToDouble(Double::doubleValue).toArray(), splitSeed,
                splitInOrder);
    }

    /** The MAML settings (HO or FO runs). */
    public MamlConfig mamlConfig() {
        return MamlConfig.builder(method == Method.HO_MAML ? MamlConfig.Order.HIGHER : MamlConfig.Order.FIRST)
                .optMetaBatch(metaBatch).optInnerSteps(innerSteps).optInnerStepsTest(innerStepsTest)
                .optInnerLr(innerLr).optOuterLr(outerLr).optIterations(iterations).optSeed(seed).build();
    }

    /** The PT settings. */
    public PtConfig ptConfig() {
        return PtConfig.builder().optBatchSize(ptBatch).optLearningRate(ptLr).optIterations(iterations)
                .optTrainSeconds(trainSeconds).optSeed(seed).build();
    }

    /** Steps the run makes (unknown under a time budget: then {@code iterations} as a guide). */
    public int totalSteps() {
        return iterations;
    }

    /**
     * Everything that does not fit, each with its field and allowed range: ranges first, then (when a dataset is
     * given) the split's classes against {@code ways} and their images against {@code shots + queries}.
     *
     * @param images the dataset, or null for the range checks alone
     * @return the violations; empty when the run can start
     */
    public List<Violation> violations(ImageSet images) {
        List<Violation> v = new ArrayList<>();
        range(v, "ways", ways, EpisodeSampler.MIN_WAYS, 100);
        range(v, "shots", shots, 1, 1000);
        range(v, "queries", queries, 1, 1000);
        range(v, "iterations", iterations, 1, MAX_ITERATIONS);
        if (!(trainSeconds >= 0 && trainSeconds <= 7 * 24 * 3600)) {
            v.add(new Violation("trainSeconds", "must be in [0, 604800] (0 = no time budget), got " + trainSeconds));
        }
        if (method != Method.PT && trainSeconds > 0) {
            v.add(new Violation("trainSeconds", "a time budget applies to PT runs only; MAML runs use iterations"));
        }
        range(v, "metaBatch", metaBatch, 1, 256);
        range(v, "innerSteps", innerSteps, 0, 100);
        range(v, "innerStepsTest", innerStepsTest, 0, 100);
        positive(v, "innerLr", innerLr, 10);
        positive(v, "outerLr", outerLr, 1);
        range(v, "ptBatch", ptBatch, 1, 4096);
        positive(v, "ptLr", ptLr, 1);
        range(v, "evalEpisodes", evalEpisodes, 1, MAX_EPISODES);
        if (arch == Arch.CONV4) {
            range(v, "hidden", hidden, 1, MAX_WIDTH);
        } else if (widths == null || widths.size() != 4 || widths.stream().anyMatch(w -> w < 1 || w > MAX_WIDTH)) {
            v.add(new Violation("widths", "ResNet-12 needs 4 stage widths in [1, " + MAX_WIDTH + "], got " + widths));
        }
        if (split == null || split.size() != ClassSplit.PARTS || split.stream().anyMatch(f -> f == null || f < 0)
                || split.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            v.add(new Violation("split", "needs 3 non-negative fractions (train, val, test) with a positive sum, got "
                    + split));
        }
        // The fit to the dataset is checked too when the split and the network are valid, so one answer lists all.
        if (images == null || v.stream().anyMatch(x -> List.of("split", "hidden", "widths").contains(x.field()))) {
            return v;
        }
        fits(v, images);
        return v;
    }

    private void fits(List<Violation> v, ImageSet images) {
        ClassSplit classes = classSplit(images.numClasses());
        List<int[]> byClass = images.indicesByClass();
        String splitText = "split " + split + " of " + images.numClasses() + " classes";
        int perEpisode = shots + queries;
        if (method != Method.PT) {
            shape(v, "meta-train", classes.train(), byClass, splitText, perEpisode);
        } else {
            int trainImages = classes.train().stream().mapToInt(c -> byClass.get(c).length).sum();
            if (classes.train().size() < 2) {
                v.add(new Violation("split", "PT needs >= 2 meta-train classes, the " + splitText + " gives "
                        + classes.train().size()));
            } else if (ptBatch > trainImages) {
                v.add(new Violation("ptBatch", "must be in [1, " + trainImages + "] (the meta-train images), got "
                        + ptBatch));
            }
        }
        shape(v, "meta-test", classes.test(), byClass, splitText, perEpisode);
        try {
            network(images.channels(), images.height());
        } catch (IllegalArgumentException e) {
            v.add(new Violation(arch == Arch.CONV4 ? "hidden" : "widths", e.getMessage()));
        }
    }

    private void shape(List<Violation> v, String part, List<Integer> classes, List<int[]> byClass, String splitText,
            int perEpisode) {
        if (classes.size() < ways) {
            v.add(new Violation("ways", "must be in [" + EpisodeSampler.MIN_WAYS + ", " + classes.size() + "] (the "
                    + part + " classes of the " + splitText + "), got " + ways));
            return;
        }
        int fewest = classes.stream().mapToInt(c -> byClass.get(c).length).min().orElse(0);
        if (perEpisode > fewest) {
            v.add(new Violation("shots", "shots + queries must be <= " + fewest + " (images in the smallest " + part
                    + " class), got " + shots + " + " + queries));
        }
    }

    private static void range(List<Violation> v, String field, int value, int min, int max) {
        if (value < min || value > max) {
            v.add(new Violation(field, "must be in [" + min + ", " + max + "], got " + value));
        }
    }

    private static void positive(List<Violation> v, String field, double value, double max) {
        if (!(value > 0 && value <= max)) {
            v.add(new Violation(field, "must be in (0, " + max + "], got " + value));
        }
    }

    /** Builder: every setting optional except the method. */
    public static final class Builder {
        private final Method method;
        private Arch arch = Arch.CONV4;
        private int hidden = Conv4.DEFAULT_HIDDEN;
        private List<Integer> widths = Arrays.stream(ResNet12.DEFAULT_WIDTHS).boxed().toList();
        private int ways = DEFAULT_WAYS;
        private int shots = DEFAULT_SHOTS;
        private int queries = DEFAULT_QUERIES;
        private int iterations = MamlConfig.DEFAULT_ITERATIONS;
        private double trainSeconds;
        private int metaBatch = MamlConfig.DEFAULT_META_BATCH;
        private int innerSteps = MamlConfig.DEFAULT_INNER_STEPS;
        private int innerStepsTest = MamlConfig.DEFAULT_INNER_STEPS_TEST;
        private double innerLr = MamlConfig.DEFAULT_INNER_LR;
        private double outerLr = MamlConfig.DEFAULT_OUTER_LR;
        private int ptBatch = PtConfig.DEFAULT_BATCH_SIZE;
        private double ptLr = PtConfig.DEFAULT_LEARNING_RATE;
        private int evalEpisodes = DEFAULT_EVAL_EPISODES;
        private long evalSeed = DEFAULT_EVAL_SEED;
        private List<Double> split = ClassSplit.DEFAULT_FRACTIONS;
        private long splitSeed = ClassSplit.DEFAULT_SEED;
        private boolean splitInOrder;
        private long seed;

        private Builder(Method method) {
            this.method = java.util.Objects.requireNonNull(method, "method");
        }

        /** Sets what is not null; an empty list is absent (generated clients send [] for an unset list). */
        public Builder optArch(Arch a, Integer h, List<Integer> w) {
            arch = a == null ? arch : a;
            hidden = h == null ? hidden : h;
            widths = w == null || w.isEmpty() ? widths : java.util.Collections.unmodifiableList(new ArrayList<>(w));
            return this;
        }

        /** Sets what is not null. */
        public Builder optShape(Integer n, Integer k, Integer q) {
            ways = n == null ? ways : n;
            shots = k == null ? shots : k;
            queries = q == null ? queries : q;
            return this;
        }

        /** Sets what is not null. */
        public Builder optLength(Integer steps, Double seconds) {
            iterations = steps == null ? iterations : steps;
            trainSeconds = seconds == null ? trainSeconds : seconds;
            return this;
        }

        /** Sets what is not null. */
        public Builder optMaml(Integer batch, Integer steps, Integer testSteps, Double inner, Double outer) {
            metaBatch = batch == null ? metaBatch : batch;
            innerSteps = steps == null ? innerSteps : steps;
            innerStepsTest = testSteps == null ? innerStepsTest : testSteps;
            innerLr = inner == null ? innerLr : inner;
            outerLr = outer == null ? outerLr : outer;
            return this;
        }

        /** Sets what is not null. */
        public Builder optPt(Integer batch, Double lr) {
            ptBatch = batch == null ? ptBatch : batch;
            ptLr = lr == null ? ptLr : lr;
            return this;
        }

        /** Sets what is not null. */
        public Builder optEvaluation(Integer episodes, Long episodeSeed) {
            evalEpisodes = episodes == null ? evalEpisodes : episodes;
            evalSeed = episodeSeed == null ? evalSeed : episodeSeed;
            return this;
        }

        /** Sets what is not null; an empty list is absent. */
        public Builder optSplit(List<Double> fractions, Long fractionsSeed) {
            split = fractions == null || fractions.isEmpty() ? split : java.util.Collections.unmodifiableList(new ArrayList<>(fractions));
            splitSeed = fractionsSeed == null ? splitSeed : fractionsSeed;
            return this;
        }

        /** Sets what is not null. */
        public Builder optSplitInOrder(Boolean inOrder) {
            splitInOrder = inOrder == null ? splitInOrder : inOrder;
            return this;
        }

        /** The seed of one run. */
        public Builder optSeed(long s) {
            seed = s;
            return this;
        }

        /** The settings (not validated: see {@link RunSpec#violations}). */
        public RunSpec build() {
            return new RunSpec(method, arch, hidden, widths, ways, shots, queries, iterations, trainSeconds, metaBatch,
                    innerSteps, innerStepsTest, innerLr, outerLr, ptBatch, ptLr, evalEpisodes, evalSeed, split,
                    splitSeed, splitInOrder, seed);
        }
    }
}
