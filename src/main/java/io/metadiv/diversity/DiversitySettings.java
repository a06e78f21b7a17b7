package io.metadiv.diversity;

/**
 * What a diversity score is computed with (besides the probe): T tasks of N-way K-shot Q-query drawn from the
 * meta-train classes with a seed, and the Task2Vec settings. Defaults match the reference's
 * {@code bench.py --method diversity --fim-samples 0}.
 *
 * @param tasks T, at least 2
 * @param ways N
 * @param shots K support images per class
 * @param queries Q ≥ 1 query images per class (support and query are embedded together)
 * @param seed seed of the task stream; task t's Monte-Carlo draws use {@code seed + t}
 * @param embedding head and Fisher settings
 * @param noiseTasks how many of the first tasks are embedded again with another Monte-Carlo seed to measure the
 *     noise floor (0 = not measured)
 */
public record DiversitySettings(int tasks, int ways, int shots, int queries, long seed, Task2Vec.Config embedding,
        int noiseTasks) {

    /** Default T. */
    public static final int DEFAULT_TASKS = 20;
    /** Default N. */
    public static final int DEFAULT_WAYS = 5;
    /** Default K. */
    public static final int DEFAULT_SHOTS = 5;
    /** Default Q. */
    public static final int DEFAULT_QUERIES = 15;
    /** Default seed. */
    public static final long DEFAULT_SEED = 0L;
    /** Noise-floor tasks when the Fisher is sampled (Monte Carlo) and none are given; the reference's default. */
    public static final int DEFAULT_MC_NOISE_TASKS = 5;
    /** Offset of the noise-floor re-embedding's Monte-Carlo seed (the reference's {@code 10_000_019}). */
    public static final long NOISE_SEED_OFFSET = 10_000_019L;

    /** Validates. */
    public DiversitySettings {
        if (tasks < 2) {
            throw new IllegalArgumentException("tasks must be >= 2 (the coefficient averages pairs), got " + tasks);
        }
        if (ways < io.metadiv.episode.EpisodeSampler.MIN_WAYS || shots < 1 || queries < 1) {
            throw new IllegalArgumentException("need ways >= " + io.metadiv.episode.EpisodeSampler.MIN_WAYS
                    + ", shots >= 1, queries >= 1, got " + ways + ", " + shots + ", " + queries);
        }
        if (noiseTasks < 0 || noiseTasks > tasks) {
            throw new IllegalArgumentException("noiseTasks must be in [0, tasks], got " + noiseTasks);
        }
        java.util.Objects.requireNonNull(embedding, "embedding");
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder: every setting optional. */
    public static final class Builder {
        private int tasks = DEFAULT_TASKS;
        private int ways = DEFAULT_WAYS;
        private int shots = DEFAULT_SHOTS;
        private int queries = DEFAULT_QUERIES;
        private long seed = DEFAULT_SEED;
        private int headSteps = Task2Vec.Config.DEFAULT_HEAD_STEPS;
        private double headLearningRate = Task2Vec.Config.DEFAULT_HEAD_LEARNING_RATE;
        private int fisherSamples = Task2Vec.Config.EXACT_FISHER;
        private Integer noiseTasks;

        private Builder() {
        }

        /** @param tasks T (default 20) @return this */
        public Builder optTasks(int tasks) {
            this.tasks = tasks;
            return this;
        }

        /** @param ways N @param shots K @param queries Q (default 5, 5, 15) @return this */
        public Builder optShape(int ways, int shots, int queries) {
            this.ways = ways;
            this.shots = shots;
            this.queries = queries;
            return this;
        }

        /** @param seed task-stream seed (default 0) @return this */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param steps head Adam steps (default 100) @param learningRate (default 1e-2) @return this */
        public Builder optHead(int steps, double learningRate) {
            this.headSteps = steps;
            this.headLearningRate = learningRate;
            return this;
        }

        /** @param fisherSamples 0 = exact Fisher (default), k = Monte-Carlo labels per example @return this */
        public Builder optFisherSamples(int fisherSamples) {
            this.fisherSamples = fisherSamples;
            return this;
        }

        /**
         * @param noiseTasks tasks re-embedded for the noise floor (default: 5 with Monte Carlo, capped at T; 0 with
         *     the exact Fisher, whose noise floor is 0 by construction)
         * @return this
         */
        public Builder optNoiseTasks(int noiseTasks) {
            this.noiseTasks = noiseTasks;
            return this;
        }

        /** @return validated settings */
        public DiversitySettings build() {
            Task2Vec.Config embedding = new Task2Vec.Config(headSteps, headLearningRate, fisherSamples);
            int noise = noiseTasks != null ? noiseTasks
                    : embedding.exact() ? 0 : Math.min(DEFAULT_MC_NOISE_TASKS, tasks);
            return new DiversitySettings(tasks, ways, shots, queries, seed, embedding, noise);
        }
    }
}
