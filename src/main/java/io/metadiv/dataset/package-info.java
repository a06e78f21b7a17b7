/**
 * Datasets: upload (ZIP image folders, IDX pairs), validation, content-addressed tensor blobs behind a
 * {@link io.metadiv.dataset.BlobStore}, metadata, preview and delete, and {@link io.metadiv.dataset.DatasetTensors},
 * the fast tensor loader the ML jobs use.
 */
package io.metadiv.dataset;
