/**
 * Spring-free dataset formats: the ZIP image-folder reader, the IDX (MNIST) reader, image decoding and resizing,
 * and the tensor blob format. The service, the ingest benchmark and the ML benchmarks share this code.
 */
package io.metadiv.dataset.format;
