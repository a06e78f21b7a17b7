package io.metadiv.dataset;

import io.metadiv.dataset.format.IngestOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code metadiv.dataset.*}: limits applied to every upload, and the tensor cache size.
 *
 * @param maxUncompressedBytes bytes an upload may inflate to (zip-bomb guard), default 2 GiB
 * @param maxEntries entries a ZIP may hold, default 200,000
 * @param maxImagePixels width × height of one image before resizing, default 4096²
 * @param tensorCacheBytes pixel bytes {@link DatasetTensors} keeps in memory, default 512 MiB
 * @param asyncAboveBytes uploads larger than this are ingested as a job (202) even without
 *     {@code Prefer: respond-async}, default 64 MiB; 0 = only when asked
 */
@ConfigurationProperties("metadiv.dataset")
record DatasetProperties(
        @DefaultValue("2147483648") long maxUncompressedBytes,
        @DefaultValue("200000") int maxEntries,
        @DefaultValue("16777216") long maxImagePixels,
        @DefaultValue("536870912") long tensorCacheBytes,
        @DefaultValue("67108864") long asyncAboveBytes) {

    /** Whether an upload of {@code bytes} goes to a job when its client did not ask for that. */
    boolean asyncBySize(long bytes) {
        return asyncAboveBytes > 0 && bytes > asyncAboveBytes;
    }

    /** Ingest options for one upload. */
    IngestOptions ingestOptions(int imageSize, int channels) {
        return new IngestOptions(imageSize, channels, maxUncompressedBytes, maxEntries, maxImagePixels);
    }
}
