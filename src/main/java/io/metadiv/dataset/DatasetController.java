package io.metadiv.dataset;

import io.metadiv.dataset.format.IdxPair;
import io.metadiv.dataset.format.IngestOptions;
import io.metadiv.web.BadRequestException;
import io.metadiv.web.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** HTTP mapping of datasets; the work happens in {@link DatasetIngest} and {@link DatasetTensors}. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Upload image datasets (ZIP image folders or IDX pairs), browse and delete them")
@ApiResponse(responseCode = "400", description = "Bad parameters",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class DatasetController {

    /** The large-upload part of both uploads' descriptions, around what their progress counts. */
    private static final String LARGE_UPLOADS = """
            **Large uploads**: with `Prefer: respond-async`, or above `metadiv.dataset.async-above-bytes` (64 MiB by \
            default), the upload is stored and a worker ingests it as a job: 202 with Location /api/v1/jobs/{jobId}, \
            whose progress counts the\s""";
    private static final String LARGE_UPLOADS_END = """
            \sread and whose resultId names the dataset once SUCCEEDED; content the \
            synchronous path refuses fails the job with the same reason. A re-upload of the same bytes with the same \
            imageSize and channels answers the existing dataset with 200, without decoding it again.""";

    /** The answers both uploads share (each adds its own 415 and 422). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "201", description = "Dataset created; Location points to it",
            headers = @Header(name = "Location", description = "/api/v1/datasets/{id}", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DatasetResponse.class)))
    @ApiResponse(responseCode = "200", description = "Identical content was already uploaded; that dataset",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DatasetResponse.class)))
    @ApiResponse(responseCode = "202", description = "Accepted for ingest as a job (Prefer: respond-async, or a "
            + "large upload); Location points to the job", headers = {
                @Header(name = "Location", description = "/api/v1/jobs/{jobId}", schema = @Schema(type = "string")),
                @Header(name = "Preference-Applied", description = "respond-async, when it was asked for",
                        schema = @Schema(type = "string"))},
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = IngestAccepted.class)))
    @ApiResponse(responseCode = "503", description = "The ingest queue is full; retry after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Upload larger than the configured limit (METADIV_MAX_UPLOAD)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @interface UploadResponses {
    }


    /** API sort field → entity attribute; anything else is a 400. */
    private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "createdAt",
            "images", "imageCount", "classes", "classCount");
    private static final int MAX_PAGE = 200;
    private static final int MAX_PREVIEW_CLASSES = 50;
    private static final int MAX_PREVIEW_PER_CLASS = 32;

    private final DatasetRepository datasets;
    private final DatasetIngest ingest;
    private final DatasetTensors tensors;
    private final DatasetProperties properties;
    private final DatasetUse use;
    private final AsyncIngest asyncIngest;

    DatasetController(DatasetRepository datasets, DatasetIngest ingest, DatasetTensors tensors,
            DatasetProperties properties, DatasetUse use, AsyncIngest asyncIngest) {
        this.use = use;
        this.asyncIngest = asyncIngest;
        this.datasets = datasets;
        this.ingest = ingest;
        this.tensors = tensors;
        this.properties = properties;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "uploadZipDataset", summary = "Upload a dataset as a ZIP of image folders", description = """
            Part `file`: a ZIP archive in image-folder layout. Every folder holding PNG, JPEG, BMP or GIF images is \
            one class named by its path (e.g. `alphabet/character/x.png` is class `alphabet/character`); a single \
            folder wrapping everything is dropped; `__MACOSX/` and dot-files are ignored. Images are resized to \
            imageSize×imageSize with `channels` channels and stored as a tensor blob. At least 2 classes of at least \
            2 images each. Identical content returns the existing dataset with 200. IDX pairs go to \
            `POST /api/v1/datasets/idx`.\s""" + LARGE_UPLOADS + "entries" + LARGE_UPLOADS_END)
    @UploadResponses
    @ApiResponse(responseCode = "415", description = "Not a ZIP archive",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unusable content: unsafe path, zip bomb, corrupt or non-image "
            + "entry (named in `entry`), fewer than 2 classes, a class with fewer than 2 images",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<?> uploadZip(
            @ParameterObject @Valid UploadSettings settings,
            @Parameter(description = "RFC 7240 preferences: `respond-async` asks for ingest as a job (202)")
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @Parameter(description = "ZIP archive in image-folder layout") @RequestPart MultipartFile file,
            HttpServletRequest request) throws IOException, ServletException {
        onlyParts(request, Set.of("file"), "IDX pairs go to POST /api/v1/datasets/idx");
        return upload(settings, prefer, DatasetFormat.ZIP_IMAGE_FOLDER, Map.of(DatasetIngest.ZIP_PART, file),
                (options, bytes) -> ingest.ingestZip(settings.name(), options, file, bytes));
    }

    @PostMapping(path = "/idx", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "uploadIdxDataset", summary = "Upload a dataset as an IDX image and label pair",
            description = """
            Parts `images`, an IDX ubyte image file (N×H×W), and `labels`, an IDX label file (N), gzipped or not, as \
            MNIST and Fashion-MNIST ship them. Images are resized to imageSize×imageSize with `channels` channels and \
            stored as a tensor blob. At least 2 classes of at least 2 images each. Identical content returns the \
            existing dataset with 200. ZIP archives go to `POST /api/v1/datasets`.\s""" + LARGE_UPLOADS + "images"
            + LARGE_UPLOADS_END)
    @UploadResponses
    @ApiResponse(responseCode = "415", description = "A part is not an IDX file",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unusable content: image and label counts differ, fewer than 2 "
            + "classes, a class with fewer than 2 images",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<?> uploadIdx(
            @ParameterObject @Valid UploadSettings settings,
            @Parameter(description = "RFC 7240 preferences: `respond-async` asks for ingest as a job (202)")
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @Parameter(description = "IDX image file (ubyte N×H×W), optionally gzipped") @RequestPart MultipartFile images,
            @Parameter(description = "IDX label file (ubyte N), optionally gzipped") @RequestPart MultipartFile labels,
            HttpServletRequest request) throws IOException, ServletException {
        onlyParts(request, Set.of("images", "labels"), "ZIP archives go to POST /api/v1/datasets");
        return upload(settings, prefer, DatasetFormat.IDX, Map.of(IdxPair.IMAGES, images, IdxPair.LABELS, labels),
                (options, bytes) -> ingest.ingestIdx(settings.name(), options, images, labels, bytes));
    }

    /**
     * The settings of both uploads, sent as query parameters or form fields.
     *
     * @param name display name
     * @param imageSize side of the square stored images in pixels [28]
     * @param channels 1 = grey [default] or 3 = RGB; checked by the core
     */
    record UploadSettings(
            @Parameter(description = "Display name", required = true) @NotBlank @Size(min = 1, max = 200) String name,
            @Parameter(description = "Side of the square stored images in pixels", schema = @Schema(type = "integer",
                    format = "int32", defaultValue = "" + IngestOptions.DEFAULT_IMAGE_SIZE)) @Min(IngestOptions.MIN_IMAGE_SIZE)
            @Max(IngestOptions.MAX_IMAGE_SIZE) Integer imageSize,
            @Parameter(description = "1 = grey, 3 = RGB", schema = @Schema(type = "integer",
                    format = "int32", defaultValue = "" + IngestOptions.DEFAULT_CHANNELS)) Integer channels) {

        UploadSettings {
            imageSize = imageSize == null ? IngestOptions.DEFAULT_IMAGE_SIZE : imageSize;
            channels = channels == null ? IngestOptions.DEFAULT_CHANNELS : channels;
        }
    }

    /**
     * Body of {@code POST /api/v1/datasets/{id}/subsets}.
     *
     * @param name display name [the parent's name + " subset"]
     * @param selection which classes and images to keep [all]
     */
    @Schema(name = "SubsetRequest")
    record SubsetRequest(@Size(max = 200) String name, Selection selection) {
    }

    @PostMapping(path = "/{id}/subsets", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createDatasetSubset", summary = "Derive a dataset from some of this one's classes and "
            + "images", description = "Classes by name, by group prefix (e.g. `Latin/`) or all, optionally k of them "
            + "at random, each capped at imagesPerClass images drawn at random (seeded). The pixels are sliced from "
            + "the parent's stored tensors, not decoded again; the child records its parent and the selection. "
            + "Identical content returns the existing dataset with 200. A parent with subsets cannot be deleted.")
    @ApiResponse(responseCode = "201", description = "Subset created; Location points to it",
            headers = @Header(name = "Location", description = "/api/v1/datasets/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "A dataset with identical content exists; that dataset")
    @ApiResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DatasetResponse> subset(@PathVariable UUID id, @RequestBody @Valid SubsetRequest body)
            throws IOException {
        Selection selection = body.selection() == null ? new Selection(null, null, null, null, null, null) : body.selection();
        return answer(ingest.derive(id, body.name(), selection));
    }

    /**
     * A dataset's place among the datasets derived from one another (subsets and versions).
     *
     * @param ancestors its parent first, up to the uploaded root
     * @param descendants every dataset derived from it, directly or not, nearest first
     */
    @Schema(name = "DatasetLineage")
    record Lineage(DatasetResponse dataset, List<DatasetResponse> ancestors, List<DatasetResponse> descendants) {
    }

    @GetMapping(path = "/{id}/lineage", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getDatasetLineage", summary = "A dataset's ancestors (parent first) and descendants "
            + "(nearest first), each with how it was derived (format SUBSET with its selection, or VERSION with what "
            + "it added)")
    @ApiResponse(responseCode = "200", description = "The lineage")
    @ApiResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    Lineage lineage(@PathVariable UUID id) {
        List<DatasetResponse> chain = new java.util.ArrayList<>(use.chain(id).stream().map(DatasetResponse::of)
                .toList());
        java.util.Collections.reverse(chain);
        List<DatasetResponse> descendants = new java.util.ArrayList<>();
        java.util.ArrayDeque<UUID> next = new java.util.ArrayDeque<>(List.of(id));
        while (!next.isEmpty() && descendants.size() < DatasetUse.MAX_LINEAGE) {
            for (Dataset child : datasets.findByParentId(next.poll())) {
                descendants.add(DatasetResponse.of(child));
                next.add(child.getId());
            }
        }
        return new Lineage(chain.get(0), chain.subList(1, chain.size()), descendants);
    }

    /**
     * The settings of a version, sent as query parameters or form fields; the image shape is the parent's.
     *
     * @param name display name [the parent's with the next version number]
     * @param imageSize the parent's image side, or absent
     * @param channels the parent's channels, or absent
     */
    record VersionSettings(
            @Parameter(description = "Display name [the parent's name with the next version number, e.g. "
                    + "'fashion v2']") @Size(max = 200) String name,
            @Parameter(description = "Side of the stored images: a version keeps its parent's, so leave it out or "
                    + "send the parent's (another value is a 400)", schema = @Schema(type = "integer",
                    format = "int32")) Integer imageSize,
            @Parameter(description = "1 = grey, 3 = RGB: a version keeps its parent's, so leave it out or send the "
                    + "parent's (another value is a 400)", schema = @Schema(type = "integer", format = "int32"))
            Integer channels) {
    }

    @PostMapping(path = "/{id}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createDatasetVersion", summary = "A new version of this dataset with more images and/or "
            + "classes", description = """
            Either part `file`, a ZIP in image-folder layout, or parts `images` and `labels`, an IDX pair, as the \
            uploads take them and under the same limits. A class whose name (folder path, or IDX label number) is one \
            of the parent's gets the images added; any other class is new. One class, or one image, is enough, but \
            every class of the version needs at least 2 images. The images are resized to the parent's image size \
            and channels; the parent's pixels are copied from its stored tensors, byte for byte and in its order, \
            with the new images after them. The version is a new dataset (format VERSION) whose parentId is this one \
            and whose `version` says what it added; the parent stays as it is and cannot be deleted while it has \
            versions. Identical content returns the existing dataset with 200.""")
    @ApiResponse(responseCode = "201", description = "Version created; Location points to it",
            headers = @Header(name = "Location", description = "/api/v1/datasets/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "A dataset with identical content exists; that dataset")
    @ApiResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Upload larger than the configured limit (METADIV_MAX_UPLOAD)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Not a ZIP archive, or a part is not an IDX file",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unusable content (as for uploads), or a class of the version "
            + "with fewer than 2 images",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DatasetResponse> version(@PathVariable UUID id, @ParameterObject @Valid VersionSettings settings,
            @Parameter(description = "ZIP archive in image-folder layout (or send images and labels)")
            @RequestPart(required = false) MultipartFile file,
            @Parameter(description = "IDX image file (ubyte N×H×W), optionally gzipped, with labels")
            @RequestPart(required = false) MultipartFile images,
            @Parameter(description = "IDX label file (ubyte N), optionally gzipped, with images")
            @RequestPart(required = false) MultipartFile labels,
            HttpServletRequest request) throws IOException, ServletException {
        onlyParts(request, Set.of("file", "images", "labels"), "send a ZIP as file, or an IDX pair as images and "
                + "labels");
        if (file != null && (images != null || labels != null)) {
            throw new BadRequestException("send either a ZIP (part file) or an IDX pair (parts images and labels), "
                    + "not both", "file");
        }
        if (file == null && images == null && labels == null) {
            throw new BadRequestException("part 'file' (a ZIP) or parts 'images' and 'labels' (an IDX pair) are "
                    + "required", "file");
        }
        if (file == null && (images == null || labels == null)) {
            String missing = images == null ? "images" : "labels";
            throw new BadRequestException("part '" + missing + "' is required: an IDX pair is sent as images and "
                    + "labels", missing);
        }
        DatasetIngest.Upload upload = file != null ? DatasetIngest.zip(file, false)
                : DatasetIngest.idx(images, labels, false);
        long bytes = file != null ? file.getSize() : images.getSize() + labels.getSize();
        return answer(ingest.version(id, settings.name(), settings.imageSize(), settings.channels(), upload, bytes));
    }

    /** A file part the operation does not read would be dropped silently: refuse it instead. */
    private static void onlyParts(HttpServletRequest request, Set<String> files, String hint)
            throws IOException, ServletException {
        for (Part part : request.getParts()) {
            if (part.getSubmittedFileName() != null && !files.contains(part.getName())) {
                throw new BadRequestException("Unexpected file part '" + part.getName() + "'; this operation reads "
                        + String.join(" and ", new TreeSet<>(files)) + ". " + hint, part.getName());
            }
        }
    }

    /**
     * Body of a 202: the upload is stored and its job queued.
     *
     * @param jobId the INGEST job (GET /api/v1/jobs/{jobId}); its resultId names the dataset once it SUCCEEDED
     * @param ingestId the job's subject
     */
    @Schema(name = "DatasetIngestAccepted")
    record IngestAccepted(UUID jobId, UUID ingestId) {
    }

    /** The ingest of an upload's parts on the request thread. */
    @FunctionalInterface
    private interface SyncIngest {
        DatasetIngest.Result ingest(IngestOptions options, long uploadBytes) throws IOException;
    }

    /** Both uploads: as a job when asked for or large (202), else ingested now (201, or 200 when known). */
    private ResponseEntity<?> upload(UploadSettings settings, String prefer, DatasetFormat format,
            Map<String, MultipartFile> parts, SyncIngest sync) throws IOException {
        long bytes = parts.values().stream().mapToLong(MultipartFile::getSize).sum();
        if (respondAsync(prefer) || properties.asyncBySize(bytes)) {
            return accepted(asyncIngest.submit(settings.name(), format, options(settings), parts), prefer);
        }
        return answer(sync.ingest(options(settings), bytes));
    }

    private static boolean respondAsync(String prefer) {
        return prefer != null && java.util.Arrays.stream(prefer.split(","))
                .anyMatch(p -> p.strip().toLowerCase(java.util.Locale.ROOT).startsWith("respond-async"));
    }

    private static ResponseEntity<?> accepted(AsyncIngest.Submitted submitted, String prefer) {
        if (submitted.known() != null) {
            return answer(new DatasetIngest.Result(submitted.known(), false));
        }
        ResponseEntity.BodyBuilder accepted = ResponseEntity.accepted()
                .location(URI.create("/api/v1/jobs/" + submitted.job().getId()));
        if (respondAsync(prefer)) {
            accepted.header("Preference-Applied", "respond-async");
        }
        return accepted.body(new IngestAccepted(submitted.job().getId(), submitted.ingestId()));
    }

    private static ResponseEntity<DatasetResponse> answer(DatasetIngest.Result result) {
        DatasetResponse body = DatasetResponse.of(result.dataset());
        if (!result.created()) {
            return ResponseEntity.ok(body);
        }
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + body.id())).body(body);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listDatasets", summary = "List datasets, newest first")
    @ApiResponse(responseCode = "200", description = "One page of datasets")
    DatasetPage list(@Parameter(description = "Zero-based page") @RequestParam(defaultValue = "0") @Min(0) int page,
            @Parameter(description = "Page size, 1 to " + MAX_PAGE) @RequestParam(defaultValue = "20")
            @Min(1) @Max(MAX_PAGE) int size,
            @Parameter(description = "name, createdAt, images or classes, optionally with ,asc or ,desc "
                    + "(descending when not given), e.g. images,desc")
            @RequestParam(defaultValue = "createdAt,desc") String sort) {
        PageQuery checked = PageQuery.of(page, size, MAX_PAGE, sort, SORTABLE.keySet());
        // The id breaks ties so pages never overlap or skip rows.
        Sort order = Sort.by(checked.ascending() ? Sort.Direction.ASC : Sort.Direction.DESC,
                SORTABLE.get(checked.field())).and(Sort.by("id"));
        return DatasetPage.of(datasets.findAll(PageRequest.of(page, size, order)));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getDataset", summary = "Get a dataset")
    @ApiResponse(responseCode = "200", description = "The dataset")
    @ApiResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    DatasetResponse get(@PathVariable UUID id) {
        return DatasetResponse.of(datasets.findById(id).orElseThrow(() -> new DatasetNotFoundException(id)));
    }

    @GetMapping(path = "/{id}/classes", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listDatasetClasses",
            summary = "List a dataset's classes with their image counts, in label order")
    @ApiResponse(responseCode = "200", description = "Classes in label order")
    @ApiResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    List<DatasetClassResponse> classes(@PathVariable UUID id) {
        List<DatasetClass> classes = datasets.findWithClassesById(id)
                .orElseThrow(() -> new DatasetNotFoundException(id)).getClasses();
        return IntStream.range(0, classes.size())
                .mapToObj(label -> new DatasetClassResponse(label, classes.get(label).getName(),
                        classes.get(label).getImages()))
                .toList();
    }

    @GetMapping(path = "/{id}/preview.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getDatasetPreview", summary = "A PNG grid of sample images: one row per class for the first classes")
    @ApiResponse(responseCode = "200", description = "PNG image",
            content = @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    byte[] preview(@PathVariable UUID id,
            @Parameter(description = "Rows: the first classes") @RequestParam(defaultValue = "10") @Min(1)
            @Max(MAX_PREVIEW_CLASSES) int classes,
            @Parameter(description = "Images per row") @RequestParam(defaultValue = "8") @Min(1)
            @Max(MAX_PREVIEW_PER_CLASS) int perClass) {
        return DatasetPreview.png(tensors.load(id), classes, perClass);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteDataset", summary = "Delete a dataset (and its blob when no other dataset shares it)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Still referenced (e.g. by an experiment)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        ingest.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** The upload's options; the core's range checks (imageSize, channels) answer 400. */
    private IngestOptions options(UploadSettings settings) {
        try {
            return properties.ingestOptions(settings.imageSize(), settings.channels());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage(), e.getMessage().startsWith("channels") ? "channels"
                    : "imageSize");
        }
    }
}
