package io.metadiv.dataset;

import io.metadiv.dataset.PendingIngests.PendingIngest;
import io.metadiv.dataset.format.IngestOptions;
import io.metadiv.job.Job;
import io.metadiv.job.JobKind;
import io.metadiv.job.Jobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Accepts an upload for ingest as a job: its raw parts are streamed into the database (where a worker of any
 * process reads them) with the ingest row and the INGEST job, in one transaction, so a refused submission (a full
 * queue) stores nothing. Known content answers its dataset at once, without a job.
 */
@Service
class AsyncIngest {

    /** Above scores and training: someone waits for the dataset. */
    static final int PRIORITY = 20;

    private final DatasetIngest ingest;
    private final PendingIngests pending;
    private final Jobs jobs;
    private final TransactionTemplate transaction;

    AsyncIngest(DatasetIngest ingest, PendingIngests pending, Jobs jobs, TransactionTemplate transaction) {
        this.ingest = ingest;
        this.pending = pending;
        this.jobs = jobs;
        this.transaction = transaction;
    }

    /**
     * What a submission produced: the dataset a known upload made before, or the queued job.
     *
     * @param ingestId the job's subject, or null with {@code known}
     */
    record Submitted(Dataset known, Job job, UUID ingestId) {
    }

    /**
     * @param parts part name → raw upload ({@code file}, or {@code images} and {@code labels})
     * @throws io.metadiv.job.JobQueueFullException when the ingest queue is full (nothing is stored)
     */
    Submitted submit(String name, DatasetFormat format, IngestOptions options, Map<String, MultipartFile> parts)
            throws IOException {
        Map<String, String> digests = new TreeMap<>();
        long bytes = 0;
        for (Map.Entry<String, MultipartFile> part : parts.entrySet()) {
            digests.put(part.getKey(), UploadKey.sha256(part.getValue()));
            bytes += part.getValue().getSize();
        }
        UploadKey key = UploadKey.of(format, options, null, digests);
        Optional<Dataset> known = ingest.known(key);
        if (known.isPresent()) {
            return new Submitted(known.get(), null, null);
        }
        PendingIngest ingestRow = new PendingIngest(UUID.randomUUID(), name, format, options.imageSize(),
                options.channels(), key, bytes, null);
        return transaction.execute(status -> {
            pending.insert(ingestRow);
            parts.forEach((part, upload) -> {
                try (InputStream in = upload.getInputStream()) {
                    pending.writePart(ingestRow.id(), part, in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return new Submitted(null, jobs.submit(JobKind.INGEST, ingestRow.id(), PRIORITY), ingestRow.id());
        });
    }
}
