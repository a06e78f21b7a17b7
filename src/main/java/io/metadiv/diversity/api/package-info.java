/**
 * HTTP and persistence for diversity scores: {@code POST/GET /api/v1/datasets/{id}/diversity}, the
 * {@code diversity_score} table (Flyway V4) and a one-at-a-time executor that runs
 * {@link io.metadiv.diversity.DiversityCalculator} until the job service replaces it. The algorithm itself lives in the
 * Spring-free {@link io.metadiv.diversity} package.
 */
package io.metadiv.diversity.api;
