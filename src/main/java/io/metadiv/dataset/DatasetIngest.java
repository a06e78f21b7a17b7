package io.metadiv.dataset;

import io.metadiv.dataset.format.IdxPair;
import io.metadiv.dataset.format.ImageFolderZip;
import io.metadiv.dataset.format.IngestOptions;
import io.metadiv.dataset.format.InvalidContentException;
import io.metadiv.dataset.format.ReadProgress;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.io.InputStreamSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an upload, a subset or a version into a stored dataset, and deletes datasets. Decoding runs outside any transaction; the blob and
 * the row are then written in one, so a failure leaves neither behind. Identical content (same blob checksum) maps
 * to the existing dataset, also when two identical uploads race. An upload whose {@link UploadKey} (raw bytes and
 * decoding options) is known answers its dataset without decoding; {@value #DECODED} counts the images decoded.
 */
@Service
class DatasetIngest {

    private final DatasetRepository datasets;
    private final BlobStore blobs;
    private final TransactionTemplate transaction;
    private final List<DatasetReferences> references;
    private final DatasetTensors tensors;
    private final DatasetProperties properties;
    private final UploadKeys uploads;
    private final Counter decoded;

    /** Meter of the images decoded from uploads (a re-upload of known bytes adds none). */
    static final String DECODED = "metadiv.ingest.images.decoded";

    DatasetIngest(DatasetRepository datasets, BlobStore blobs, TransactionTemplate transaction,
            List<DatasetReferences> references, DatasetTensors tensors, DatasetProperties properties,
            UploadKeys uploads, MeterRegistry meters) {
        this.uploads = uploads;
        this.decoded = Counter.builder(DECODED).description("Images decoded from uploaded ZIPs and IDX pairs")
                .register(meters);
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

    /** An upload's raw parts: read with the options it is stored under, or hashed. */
    interface Upload {
        ImageSet read(IngestOptions options) throws IOException;

        /** Part name → SHA-256 of its raw bytes, read as streams. */
        Map<String, String> digests() throws IOException;
    }

    /**
     * A ZIP archive in image-folder layout.
     *
     * @param whole a dataset by itself (at least 2 classes of 2 images), or images to add to one
     */
    static Upload zip(InputStreamSource archive, boolean whole) {
        return new Upload() {
            @Override
            public ImageSet read(IngestOptions options) throws IOException {
                try (InputStream in = archive.getInputStream()) {
                    return whole ? ImageFolderZip.read(in, options) : ImageFolderZip.readImages(in, options);
                }
            }

            @Override
            public Map<String, String> digests() throws IOException {
                return Map.of(ZIP_PART, UploadKey.sha256(archive));
            }
        };
    }

    /** Part names of the uploads. */
    static final String ZIP_PART = "file";

    /**
     * An IDX image and label pair.
     *
     * @param whole a dataset by itself (at least 2 classes of 2 images), or images to add to one
     */
    static Upload idx(InputStreamSource images, InputStreamSource labels, boolean whole) {
        return new Upload() {
            @Override
            public ImageSet read(IngestOptions options) throws IOException {
                try (InputStream imageIn = images.getInputStream(); InputStream labelIn = labels.getInputStream()) {
                    return whole ? IdxPair.read(imageIn, labelIn, options)
                            : IdxPair.readImages(imageIn, labelIn, options);
                }
            }

            @Override
            public Map<String, String> digests() throws IOException {
                return Map.of(IdxPair.IMAGES, UploadKey.sha256(images), IdxPair.LABELS, UploadKey.sha256(labels));
            }
        };
    }

    Result ingestZip(String name, IngestOptions options, InputStreamSource archive, long uploadBytes)
            throws IOException {
        return ingest(name, DatasetFormat.ZIP_IMAGE_FOLDER, options, zip(archive, true), uploadBytes);
    }

    Result ingestIdx(String name, IngestOptions options, InputStreamSource images, InputStreamSource labels,
            long uploadBytes) throws IOException {
        return ingest(name, DatasetFormat.IDX, options, idx(images, labels, true), uploadBytes);
    }

    private Result ingest(String name, DatasetFormat format, IngestOptions options, Upload upload, long uploadBytes)
            throws IOException {
        UploadKey key = UploadKey.of(format, options, null, upload.digests());
        Optional<Dataset> known = uploads.find(key);
        if (known.isPresent()) {
            return new Result(known.get(), false);
        }
        return store(name, format, uploadBytes, decode(() -> upload.read(options)), null, null, key);
    }

    /** The dataset a known upload produced, without reading the upload. */
    Optional<Dataset> known(UploadKey key) {
        return uploads.find(key);
    }

    /**
     * An asynchronous upload's parts, copied from the database into {@code parts} (part name → file), decoded with
     * progress and stored like a synchronous upload.
     */
    Result ingestStored(PendingIngests.PendingIngest pending, Map<String, Path> parts, ReadProgress progress)
            throws IOException {
        IngestOptions options = properties.ingestOptions(pending.imageSize(), pending.channels());
        ImageSet images = decode(() -> {
            if (pending.format() == DatasetFormat.ZIP_IMAGE_FOLDER) {
                return ImageFolderZip.read(parts.get(ZIP_PART), options, progress);
            }
            try (InputStream imageIn = Files.newInputStream(parts.get(IdxPair.IMAGES));
                    InputStream labelIn = Files.newInputStream(parts.get(IdxPair.LABELS))) {
                return IdxPair.read(imageIn, labelIn, options, progress);
            }
        });
        return store(pending.name(), pending.format(), pending.uploadBytes(), images, null, null, pending.key());
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
        return store(display, DatasetFormat.SUBSET, 0, subset, parentId, Subsets.JSON.writeValueAsString(selection),
                null);
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
        UploadKey key = UploadKey.of(DatasetFormat.VERSION, options, parentId, upload.digests());
        Optional<Dataset> known = uploads.find(key);
        if (known.isPresent()) {
            return new Result(known.get(), false);
        }
        ImageSet added = decode(() -> upload.read(options));
        Versions.Appended appended = content(() -> Versions.append(tensors.loadByChecksum(parent.getChecksum()),
                added));
        String display = name == null || name.isBlank() ? nextVersionName(parent) : name.strip();
        return store(display, DatasetFormat.VERSION, uploadBytes, appended.images(), parentId,
                Versions.json(appended.version()), key);
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

    /** Reads an upload's images like {@link #content}, counting them. */
    private ImageSet decode(Reader<ImageSet> reader) throws IOException {
        ImageSet images = content(reader);
        decoded.increment(images.size());
        return images;
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

    /** @param key the upload it was decoded from, recorded with the dataset; null for a subset */
    private Result store(String name, DatasetFormat format, long uploadBytes, ImageSet images, UUID parentId,
            String selection, UploadKey key) throws IOException {
        Path blob = Files.createTempFile("metadiv-blob-", ".bin");
        try {
            TensorBlob.Written written;
            try (OutputStream out = Files.newOutputStream(blob)) {
                written = TensorBlob.write(images, out);
            }
            Optional<Dataset> existing = datasets.findByChecksum(written.sha256());
            if (existing.isPresent()) {
                remember(key, existing.get());
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
                    Dataset saved = datasets.saveAndFlush(new Dataset(name, format, images, uploadBytes,
                            written.sha256(), written.bytes()).asChildOf(parentId, selection));
                    remember(key, saved);
                    return saved;
                });
                return new Result(created, true);
            } catch (DataIntegrityViolationException race) {
                // Another upload of the same content committed first: answer that dataset.
                Dataset first = datasets.findByChecksum(written.sha256()).orElseThrow(() -> race);
                remember(key, first);
                return new Result(first, false);
            }
        } finally {
            Files.deleteIfExists(blob);
        }
    }

    private void remember(UploadKey key, Dataset dataset) {
        if (key != null) {
            uploads.record(key, dataset.getId());
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
