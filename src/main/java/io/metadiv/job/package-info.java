/**
 * Background work: our job rows (kind, status, attempts, progress, history) beside db-scheduler's executions in
 * PostgreSQL, the worker role that runs them, fencing, retries, cancel and metrics. Features submit jobs through
 * {@link io.metadiv.job.Jobs} and run them in a {@link io.metadiv.job.JobHandler}.
 */
package io.metadiv.job;
