package io.metadiv.dataset;

import io.metadiv.dataset.format.IdxPair;
import io.metadiv.dataset.format.ImageFolderZip;
import io.metadiv.dataset.format.IngestOptions;
import io.metadiv.dataset.format.InvalidContentException;
import io.metadiv.dataset.format.TensorBlob;
import io.metadiv.dataset.format.UnknownContentException;
import io.metadiv.episode.ImageSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.io.InputStreamSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an upload into a stored dataset, and deletes datasets. Decoding runs outside any transaction; the blob and
 * the row are then written in one, so a failure leaves neither behind. Identical content (same blob checksum) maps
 * to the existing dataset, also when two identical uploads race.
 */
@Service
class DatasetIngest {

    private final DatasetRepository datasets;
    private final BlobStore blobs;
    private final TransactionTemplate transaction;
    private final List<DatasetReferences> references;
    private final DatasetTensors tensors;

    DatasetIngest(DatasetRepository datasets, BlobStore blobs, TransactionTemplate transaction,
            List<DatasetReferences> references, DatasetTensors tensors) {
        this.tensors = tensors;
        this.datasets = datasets;
        this.blobs = blobs;
        this.transaction = transaction;
        this.references = references;
    }

    /**
     * What an upload produced.
     *
     * @param created false when identical content was already stored and {@code dataset} is that one
     */
    record Result(Dataset dataset, boolean created) {
    }

    /** Reads the images of an upload. */
    @FunctionalInterface
    interface Reader {
        ImageSet read() throws IOException;
    }

    Result ingestZip(String name, IngestOptions options, InputStreamSource archive, long uploadBytes)
            throws IOException {
        return ingest(name, DatasetFormat.ZIP_IMAGE_FOLDER, uploadBytes, () -> {
            try (InputStream in = archive.getInputStream()) {
                return ImageFolderZip.read(in, options);
            }
        });
    }

    Result ingestIdx(String name, IngestOptions options, InputStreamSource images, InputStreamSource labels,
            long uploadBytes) throws IOException {
        return ingest(name, DatasetFormat.IDX, uploadBytes, () -> {
            try (InputStream imageIn = images.getInputStream(); InputStream labelIn = labels.getInputStream()) {
                return IdxPair.read(imageIn, labelIn, options);
            }
        });
    }

    private Result ingest(String name, DatasetFormat format, long uploadBytes, Reader reader) throws IOException {
        return ingest(name, format, uploadBytes, reader, null, null);
    }

    /**
     * A subset of the parent's classes and images as a dataset of its own, sliced from the parent's tensors; identical
     * content answers the existing dataset.
     *
     * @throws DatasetNotFoundException when the parent does not exist
     * @throws io.metadiv.web.BadRequestException naming the selection field that does not fit the parent
     */
    Result derive(UUID parentId, String name, Selection selection) throws IOException {
        ImageSet parent = tensors.load(parentId);
        ImageSet subset = Subsets.select(parent, selection);
        String display = name == null || name.isBlank() ? datasets.findById(parentId).orElseThrow().getName()
                + " subset" : name.strip();
        return ingest(display, DatasetFormat.SUBSET, 0, () -> subset, parentId, Subsets.JSON.writeValueAsString(
                selection));
    }

    private Result ingest(String name, DatasetFormat format, long uploadBytes, Reader reader, UUID parentId,
            String selection) throws IOException {
        ImageSet images;
        try {
            images = reader.read();
        } catch (InvalidContentException e) {
            throw new InvalidDatasetException(e);
        } catch (UnknownContentException e) {
            throw new UnsupportedDatasetContentException(e);
        }
        Path blob = Files.createTempFile("metadiv-blob-", ".bin");
        try {
            TensorBlob.Written written;
            try (OutputStream out = Files.newOutputStream(blob)) {
                written = TensorBlob.write(images, out);
            }
            Optional<Dataset> existing = datasets.findByChecksum(written.sha256());
            if (existing.isPresent()) {
                return new Result(existing.get(), false);
            }
            try {
                Dataset created = transaction.execute(status -> {
                    try {
                        blobs.put(written.sha256(), blob, written.bytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return datasets.saveAndFlush(new Dataset(name, format, images, uploadBytes, written.sha256(),
                            written.bytes()).asChildOf(parentId, selection));
                });
                return new Result(created, true);
            } catch (DataIntegrityViolationException race) {
                // Another upload of the same content committed first: answer that dataset.
                return datasets.findByChecksum(written.sha256()).map(d -> new Result(d, false)).orElseThrow(() -> race);
            }
        } finally {
            Files.deleteIfExists(blob);
        }
    }

    /**
     * Deletes the dataset, and its blob when no other dataset shares the checksum.
     *
     * @throws DatasetNotFoundException when no dataset has this id
     * @throws DatasetInUseException when a {@link DatasetReferences} reports a reference
     */
    void delete(UUID id) {
        transaction.executeWithoutResult(status -> {
            Dataset dataset = datasets.findForUpdate(id).orElseThrow(() -> new DatasetNotFoundException(id));
            List<String> uses = new java.util.ArrayList<>(datasets.findByParentId(id).stream()
                    .map(child -> "subset dataset " + child.getId() + " (" + child.getName() + ")").toList());
            references.forEach(r -> uses.addAll(r.referencesTo(id)));
            if (!uses.isEmpty()) {
                throw new DatasetInUseException(id, uses);
            }
            datasets.delete(dataset);
            datasets.flush();
            if (datasets.countByChecksum(dataset.getChecksum()) == 0) {
                try {
                    blobs.delete(dataset.getChecksum());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }
}
