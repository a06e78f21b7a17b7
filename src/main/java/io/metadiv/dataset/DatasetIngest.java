package io.metadiv.dataset;

import io.metadiv.dataset.format.IdxPair;
import io.metadiv.dataset.format.ImageFolderZip;
import io.metadiv.dataset.format.IngestOptions;
import io.metadiv.dataset.format.InvalidContentException;
import io.metadiv.dataset.format.TensorBlob;
import io.metadiv.dataset.format.UnknownContentException;
import io.metadiv.episode.ImageSet;
import io.metadiv.web.BadRequestException;
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
 * Turns an upload, a subset or a version into a stored dataset, and deletes datasets. Decoding runs outside any transaction; the blob and
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
    private final DatasetProperties properties;

    DatasetIngest(DatasetRepository datasets, BlobStore blobs, TransactionTemplate transaction,
            List<DatasetReferences> references, DatasetTensors tensors, DatasetProperties properties) {
        this.tensors = tensors;
        this.properties = properties;
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

    /** Reads the images of an upload, or derives them. */
    @FunctionalInterface
    interface Reader<T> {
        T read() throws IOException;
    }

    /** Reads an upload with the options it is stored under. */
    @FunctionalInterface
    interface Upload {
        ImageSet read(IngestOptions options) throws IOException;
    }

    /**
     * A ZIP archive in image-folder layout.
     *
     * @param whole a dataset by itself (at least 2 classes of 2 images), or images to add to one
     */
    static Upload zip(InputStreamSource archive, boolean whole) {
        return options -> {
            try (InputStream in = archive.getInputStream()) {
                return whole ? ImageFolderZip.read(in, options) : ImageFolderZip.readImages(in, options);
            }
        };
    }

    /**
     * An IDX image and label pair.
     *
     * @param whole a dataset by itself (at least 2 classes of 2 images), or images to add to one
     */
    static Upload idx(InputStreamSource images, InputStreamSource labels, boolean whole) {
        return options -> {
            try (InputStream imageIn = images.getInputStream(); InputStream labelIn = labels.getInputStream()) {
                return whole ? IdxPair.read(imageIn, labelIn, options) : IdxPair.readImages(imageIn, labelIn, options);
            }
        };
    }

    Result ingestZip(String name, IngestOptions options, InputStreamSource archive, long uploadBytes)
            throws IOException {
        return store(name, DatasetFormat.ZIP_IMAGE_FOLDER, uploadBytes, content(() -> zip(archive, true)
                .read(options)), null, null);
    }

    Result ingestIdx(String name, IngestOptions options, InputStreamSource images, InputStreamSource labels,
            long uploadBytes) throws IOException {
        return store(name, DatasetFormat.IDX, uploadBytes, content(() -> idx(images, labels, true).read(options)),
                null, null);
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
        return store(display, DatasetFormat.SUBSET, 0, subset, parentId, Subsets.JSON.writeValueAsString(selection));
    }

    /**
     * The parent with images added to its classes and/or new classes, as a new dataset: the parent's pixels are
     * sliced from its tensors, only the upload is decoded (resized to the parent's image size and channels, under the
     * upload limits); identical content answers the existing dataset.
     *
     * @param name display name, or null for the parent's with the next version number
     * @param imageSize the caller's image size, or null; it must be the parent's
     * @param channels the caller's channels, or null; they must be the parent's
     * @throws DatasetNotFoundException when the parent does not exist
     * @throws io.metadiv.web.BadRequestException when imageSize or channels differ from the parent's
     * @throws InvalidDatasetException when the upload is unusable or leaves a class with fewer than 2 images
     */
    Result version(UUID parentId, String name, Integer imageSize, Integer channels, Upload upload, long uploadBytes)
            throws IOException {
        Dataset parent = datasets.findById(parentId).orElseThrow(() -> new DatasetNotFoundException(parentId));
        List<BadRequestException.FieldError> wrong = new java.util.ArrayList<>();
        if (imageSize != null && imageSize != parent.getImageSize()) {
            wrong.add(new BadRequestException.FieldError("imageSize", "must be the parent's " + parent.getImageSize()
                    + " (a version keeps its parent's image shape; leave it out to use it), got " + imageSize));
        }
        if (channels != null && channels != parent.getChannels()) {
            wrong.add(new BadRequestException.FieldError("channels", "must be the parent's " + parent.getChannels()
                    + " (a version keeps its parent's image shape; leave it out to use it), got " + channels));
        }
        if (!wrong.isEmpty()) {
            throw BadRequestException.of(wrong);
        }
        IngestOptions options = properties.ingestOptions(parent.getImageSize(), parent.getChannels());
        ImageSet added = content(() -> upload.read(options));
        Versions.Appended appended = content(() -> Versions.append(tensors.loadByChecksum(parent.getChecksum()),
                added));
        String display = name == null || name.isBlank() ? nextVersionName(parent) : name.strip();
        return store(display, DatasetFormat.VERSION, uploadBytes, appended.images(), parentId,
                Versions.json(appended.version()));
    }

    /** "fashion" → "fashion v2", "fashion v2" (a version) → "fashion v3". */
    private String nextVersionName(Dataset parent) {
        int number = 2;
        for (Dataset d = parent; d.getFormat() == DatasetFormat.VERSION && d.getParentId() != null
                && number <= DatasetUse.MAX_LINEAGE; d = datasets.findById(d.getParentId()).orElseThrow()) {
            number++;
        }
        String base = parent.getFormat() == DatasetFormat.VERSION ? parent.getName().replaceFirst(" v\\d+$", "")
                : parent.getName();
        return base + " v" + number;
    }

    /** Runs a reader, turning its content problems into the API's 422 and 415. */
    private static <T> T content(Reader<T> reader) throws IOException {
        try {
            return reader.read();
        } catch (InvalidContentException e) {
            throw new InvalidDatasetException(e);
        } catch (UnknownContentException e) {
            throw new UnsupportedDatasetContentException(e);
        }
    }

    private Result store(String name, DatasetFormat format, long uploadBytes, ImageSet images, UUID parentId,
            String selection) throws IOException {
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
                    if (parentId != null) {
                        // a parent deleted meanwhile is a 404, not a foreign-key failure
                        datasets.lockForShare(parentId).orElseThrow(() -> new DatasetNotFoundException(parentId));
                    }
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
                    .map(child -> (child.getFormat() == DatasetFormat.VERSION ? "version" : "subset") + " dataset "
                            + child.getId() + " (" + child.getName() + ")").toList());
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
