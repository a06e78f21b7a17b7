/**
 * Probe models: TorchScript networks users upload to serve as Task2Vec probes ({@code /api/v1/probes}). Stored in
 * PostgreSQL with their archive; the diversity feature opens them as
 * {@link io.metadiv.diversity.TorchScriptProbe}s and reports its scores as references that block a delete.
 */
package io.metadiv.probe;
