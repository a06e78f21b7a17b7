/**
 * The diversity coefficient of a dataset (Task2Vec), plain Java + DJL, no Spring.
 *
 * <p>{@link io.metadiv.diversity.Task2Vec} embeds one few-shot task: a {@link io.metadiv.diversity.Probe}
 * backbone frozen with the task's batch statistics, a fresh linear head fitted on the task, and the diagonal
 * Fisher of the conv weights averaged per filter ({@code 4·hidden} dimensions). The Fisher is by default the exact
 * expectation over the task's labels; Monte-Carlo label sampling is an option whose noise floor
 * {@link io.metadiv.diversity.DiversityCalculator} measures. {@link io.metadiv.diversity.TaskDistance} is
 * Task2Vec's normalised cosine distance and {@link io.metadiv.diversity.DiversityCoefficient} the mean distance over
 * pairs of distinct tasks with its 95% CI and the T×T distance matrix. Matches {@code shared/bench/ref/task2vec.py}.
 * {@link io.metadiv.diversity.ClassContributions} splits a coefficient by class (or group) from that matrix.
 */
package io.metadiv.diversity;
