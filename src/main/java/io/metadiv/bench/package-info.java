/**
 * Command-line benchmark with the same arguments and JSON line as the reference {@code shared/bench/ref/bench.py}:
 * {@code java -cp target/classes:$(cat target/cp.txt) io.metadiv.bench.Bench --dataset fashion-mnist --method ho …}.
 * Reads IDX files and image-folder directories directly (no service, no database). No Spring.
 */
package io.metadiv.bench;
