package io.metadiv.dataset;

import io.metadiv.dataset.format.TensorBlob;
import io.metadiv.episode.ImageSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Loads a dataset's tensors for the ML jobs: no image decoding, one blob read, and a small least-recently-used
 * cache keyed by checksum ({@code metadiv.dataset.tensor-cache-bytes}). Returned sets are shared between callers:
 * treat their arrays as read-only.
 */
@Component
public class DatasetTensors {

    private final DatasetRepository datasets;
    private final BlobStore blobs;
    private final long cacheBytes;
    private final Map<String, ImageSet> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;

    DatasetTensors(DatasetRepository datasets, BlobStore blobs, DatasetProperties properties) {
        this.datasets = datasets;
        this.blobs = blobs;
        this.cacheBytes = properties.tensorCacheBytes();
    }

    /**
     * The dataset's images: uint8 N×C×H×W pixels, labels and class names.
     *
     * @throws DatasetNotFoundException when no dataset has this id
     * @throws UncheckedIOException when the blob cannot be read
     */
    public ImageSet load(UUID datasetId) {
        Dataset dataset = datasets.findById(datasetId).orElseThrow(() -> new DatasetNotFoundException(datasetId));
        return loadByChecksum(dataset.getChecksum());
    }

    /** The images stored under a blob checksum (see {@link Dataset#getChecksum()}). */
    public ImageSet loadByChecksum(String checksum) {
        synchronized (cache) {
            ImageSet cached = cache.get(checksum);
            if (cached != null) {
                return cached;
            }
        }
        ImageSet images;
        try (InputStream in = blobs.open(checksum)) {
            images = TensorBlob.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read tensor blob " + checksum, e);
        }
        remember(checksum, images);
        return images;
    }

    private void remember(String checksum, ImageSet images) {
        long bytes = images.pixels().length + 4L * images.size();
        if (bytes > cacheBytes) {
            return;
        }
        synchronized (cache) {
            if (cache.putIfAbsent(checksum, images) != null) {
                return;
            }
            cachedBytes += bytes;
            Iterator<ImageSet> eldest = cache.values().iterator();
            while (cachedBytes > cacheBytes && eldest.hasNext()) {
                ImageSet evicted = eldest.next();
                cachedBytes -= evicted.pixels().length + 4L * evicted.size();
                eldest.remove();
            }
        }
    }
}
