package io.metadiv.dataset;

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

    /** API sort field → entity attribute; anything else is a 400. */
    private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "createdAt",
            "images", "imageCount", "classes", "classCount");
    private static final int MAX_PAGE = 200;
    /** Most ancestors or descendants listed (a lineage is a tree; this bounds a very wide one). */
    private static final int MAX_LINEAGE = 1000;
    private static final int MAX_PREVIEW_CLASSES = 50;
    private static final int MAX_PREVIEW_PER_CLASS = 32;

    private final DatasetRepository datasets;
    private final DatasetIngest ingest;
    private final DatasetTensors tensors;
    private final DatasetProperties properties;

    DatasetController(DatasetRepository datasets, DatasetIngest ingest, DatasetTensors tensors,
            DatasetProperties properties) {
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
            `POST /api/v1/datasets/idx`.""")
    @ApiResponse(responseCode = "201", description = "Dataset created; Location points to it",
            headers = @Header(name = "Location", description = "/api/v1/datasets/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "Identical content was already uploaded; that dataset")
    @ApiResponse(responseCode = "413", description = "Upload larger than the configured limit (METADIV_MAX_UPLOAD)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Not a ZIP archive",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unusable content: unsafe path, zip bomb, corrupt or non-image "
            + "entry (named in `entry`), fewer than 2 classes, a class with fewer than 2 images",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DatasetResponse> uploadZip(
            @ParameterObject @Valid UploadSettings settings,
            @Parameter(description = "ZIP archive in image-folder layout") @RequestPart MultipartFile file,
            HttpServletRequest request) throws IOException, ServletException {
        onlyParts(request, Set.of("file"), "IDX pairs go to POST /api/v1/datasets/idx");
        return answer(ingest.ingestZip(settings.name(), options(settings), file, file.getSize()));
    }

    @PostMapping(path = "/idx", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "uploadIdxDataset", summary = "Upload a dataset as an IDX image and label pair",
            description = """
            Parts `images`, an IDX ubyte image file (N×H×W), and `labels`, an IDX label file (N), gzipped or not, as \
            MNIST and Fashion-MNIST ship them. Images are resized to imageSize×imageSize with `channels` channels and \
            stored as a tensor blob. At least 2 classes of at least 2 images each. Identical content returns the \
            existing dataset with 200. ZIP archives go to `POST /api/v1/datasets`.""")
    @ApiResponse(responseCode = "201", description = "Dataset created; Location points to it",
            headers = @Header(name = "Location", description = "/api/v1/datasets/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "Identical content was already uploaded; that dataset")
    @ApiResponse(responseCode = "413", description = "Upload larger than the configured limit (METADIV_MAX_UPLOAD)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "A part is not an IDX file",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unusable content: image and label counts differ, fewer than 2 "
            + "classes, a class with fewer than 2 images",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DatasetResponse> uploadIdx(
            @ParameterObject @Valid UploadSettings settings,
            @Parameter(description = "IDX image file (ubyte N×H×W), optionally gzipped") @RequestPart MultipartFile images,
            @Parameter(description = "IDX label file (ubyte N), optionally gzipped") @RequestPart MultipartFile labels,
            HttpServletRequest request) throws IOException, ServletException {
        onlyParts(request, Set.of("images", "labels"), "ZIP archives go to POST /api/v1/datasets");
        return answer(ingest.ingestIdx(settings.name(), options(settings), images, labels,
                images.getSize() + labels.getSize()));
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
     * A dataset's place among the datasets derived from one another.
     *
     * @param ancestors its parent first, up to the uploaded root
     * @param descendants every dataset derived from it, directly or not, nearest first
     */
    @Schema(name = "DatasetLineage")
    record Lineage(DatasetResponse dataset, List<DatasetResponse> ancestors, List<DatasetResponse> descendants) {
    }

    @GetMapping(path = "/{id}/lineage", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getDatasetLineage", summary = "A dataset's ancestors (parent first) and descendants "
            + "(nearest first), each with the selection that derived it")
    @ApiResponse(responseCode = "200", description = "The lineage")
    @ApiResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    Lineage lineage(@PathVariable UUID id) {
        Dataset dataset = datasets.findById(id).orElseThrow(() -> new DatasetNotFoundException(id));
        List<DatasetResponse> ancestors = new java.util.ArrayList<>();
        for (UUID parent = dataset.getParentId(); parent != null && ancestors.size() < MAX_LINEAGE; ) {
            Dataset p = datasets.findById(parent).orElseThrow();
            ancestors.add(DatasetResponse.of(p));
            parent = p.getParentId();
        }
        List<DatasetResponse> descendants = new java.util.ArrayList<>();
        java.util.ArrayDeque<UUID> next = new java.util.ArrayDeque<>(List.of(id));
        while (!next.isEmpty() && descendants.size() < MAX_LINEAGE) {
            for (Dataset child : datasets.findByParentId(next.poll())) {
                descendants.add(DatasetResponse.of(child));
                next.add(child.getId());
            }
        }
        return new Lineage(DatasetResponse.of(dataset), ancestors, descendants);
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
