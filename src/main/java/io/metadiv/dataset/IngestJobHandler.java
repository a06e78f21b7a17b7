package io.metadiv.dataset;

import io.metadiv.dataset.PendingIngests.PendingIngest;
import io.metadiv.dataset.format.IdxPair;
import io.metadiv.job.JobHandler;
import io.metadiv.job.JobKind;
import io.metadiv.job.JobRun;
import io.metadiv.job.PermanentJobFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Ingests an asynchronous upload on a worker: copies its raw parts from the database to local files, decodes them
 * with progress (ZIP entries or IDX images read, of how many) and stores the dataset like a synchronous upload.
 * A second delivery finds the dataset by the upload's key (or the ingest row) and only finishes. Unusable content
 * fails the job for good with the synchronous path's reason (type {@value #INVALID} for its 422, {@value #UNSUPPORTED}
 * for its 415). The raw parts are deleted once ingested or refused.
 */
@Component
class IngestJobHandler implements JobHandler {

    /** Error types of refused content, named after the synchronous answers. */
    static final String INVALID = "InvalidDataset";
    static final String UNSUPPORTED = "UnsupportedDatasetContent";

    private final PendingIngests pending;
    /** Looked up at run time: the ingest depends (through its dataset references) on the job engine that runs this. */
    private final ObjectProvider<DatasetIngest> ingests;

    IngestJobHandler(PendingIngests pending, ObjectProvider<DatasetIngest> ingests) {
        this.pending = pending;
        this.ingests = ingests;
    }

    @Override
    public JobKind kind() {
        return JobKind.INGEST;
    }

    @Override
    public void run(JobRun run) throws IOException {
        UUID id = run.subjectId();
        DatasetIngest ingest = ingests.getObject();
        PendingIngest upload = pending.find(id)
                .orElseThrow(() -> new IllegalStateException("dataset ingest " + id + " no longer exists"));
        Optional<UUID> done = Optional.ofNullable(upload.datasetId())
                .or(() -> ingest.known(upload.key()).map(Dataset::getId));
        if (done.isPresent()) {
            run.succeed(done.get(), () -> pending.finish(id, done.get()));
            return;
        }
        Path dir = Files.createTempDirectory("metadiv-ingest-");
        try {
            Map<String, Path> parts = new TreeMap<>();
            for (String part : partsOf(upload.format())) {
                parts.put(part, dir.resolve(part));
                pending.copyPart(id, part, parts.get(part));
            }
            UUID dataset;
            try {
                dataset = ingest.ingestStored(upload, parts, run::progress).dataset().getId();
            } catch (InvalidDatasetException | UnsupportedDatasetContentException refused) {
                String type = refused instanceof InvalidDatasetException ? INVALID : UNSUPPORTED;
                run.write(() -> pending.discardParts(id), "the upload was refused (" + type + ") and discarded");
                throw new PermanentJobFailure(type, refused.getBody().getDetail());
            }
            run.succeed(dataset, () -> pending.finish(id, dataset));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static List<String> partsOf(DatasetFormat format) {
        return format == DatasetFormat.IDX ? List.of(IdxPair.IMAGES, IdxPair.LABELS) : List.of(DatasetIngest.ZIP_PART);
    }
}
