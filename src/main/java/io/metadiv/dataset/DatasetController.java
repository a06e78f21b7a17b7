package io.metadiv.dataset;

import io.metadiv.dataset.format.IngestOptions;
import io.metadiv.web.BadRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

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
    @Operation(operationId = "uploadDataset", summary = "Upload a dataset", description = """
            Send exactly one of: part `file`, a ZIP archive in image-folder layout (every folder holding PNG, JPEG, \
            BMP or GIF images is one class named by its path, e.g. `alphabet/character/x.png`; a single folder \
            wrapping everything is dropped; `__MACOSX/` and dot-files are ignored), or parts `images` and `labels`, \
            an IDX ubyte image file (N×H×W) and label file (N), gzipped or not (MNIST / Fashion-MNIST). Images are \
            resized to imageSize×imageSize with `channels` channels and stored as a tensor blob. At least 2 classes \
            of at least 2 images each. Identical content returns the existing dataset with 200.""")
    @ApiResponse(responseCode = "201", description = "Dataset created; Location points to it")
    @ApiResponse(responseCode = "200", description = "Identical content was already uploaded; that dataset")
    @ApiResponse(responseCode = "413", description = "Upload larger than the configured limit (METADIV_MAX_UPLOAD)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Not a ZIP archive / not an IDX file",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unusable content: unsafe path, zip bomb, corrupt or non-image "
            + "entry (named in `entry`), fewer than 2 classes, a class with fewer than 2 images, IDX counts differ",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DatasetResponse> upload(
            @Parameter(description = "Display name") @RequestParam @NotBlank @Size(max = 200) String name,
            @Parameter(description = "Side of the square stored images in pixels")
            @RequestParam(defaultValue = "28") @Min(4) @Max(256) int imageSize,
            @Parameter(description = "1 = grey, 3 = RGB") @RequestParam(defaultValue = "1") @Min(1) @Max(3) int channels,
            @Parameter(description = "ZIP archive in image-folder layout") @RequestPart(required = false) MultipartFile file,
            @Parameter(description = "IDX image file (ubyte N×H×W), optionally gzipped")
            @RequestPart(required = false) MultipartFile images,
            @Parameter(description = "IDX label file (ubyte N), optionally gzipped")
            @RequestPart(required = false) MultipartFile labels) throws IOException {
        DatasetIngest.Result result;
        if (file != null && images == null && labels == null) {
            result = ingest.ingestZip(name, options(imageSize, channels), file, file.getSize());
        } else if (file == null && images != null && labels != null) {
            result = ingest.ingestIdx(name, options(imageSize, channels), images, labels,
                    images.getSize() + labels.getSize());
        } else {
            throw new BadRequestException(
                    "Send either part 'file' (a ZIP archive) or both parts 'images' and 'labels' (an IDX pair)");
        }
        DatasetResponse body = DatasetResponse.of(result.dataset());
        if (!result.created()) {
            return ResponseEntity.ok(body);
        }
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(body.id()).toUri();
        return ResponseEntity.created(location).body(body);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listDatasets", summary = "List datasets",
            description = "Paged; sort by name, createdAt, images or classes "
            + "(e.g. `sort=images,desc`); newest first by default")
    @ApiResponse(responseCode = "200", description = "One page of datasets")
    DatasetPage list(@ParameterObject @PageableDefault(size = 20, sort = "createdAt",
            direction = Sort.Direction.DESC) Pageable pageable) {
        return DatasetPage.of(datasets.findAll(toEntitySort(pageable)));
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

    private static Pageable toEntitySort(Pageable pageable) {
        Sort sort = Sort.unsorted();
        for (Sort.Order order : pageable.getSort()) {
            String attribute = SORTABLE.get(order.getProperty());
            if (attribute == null) {
                throw new BadRequestException("Cannot sort by '" + order.getProperty() + "'; sortable fields are "
                        + String.join(", ", new TreeSet<>(SORTABLE.keySet())));
            }
            sort = sort.and(Sort.by(order.getDirection(), attribute));
        }
        // The id breaks ties so pages never overlap or skip rows.
        return PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), sort.and(Sort.by("id")));
    }

    /** The upload's options; the core's range checks (imageSize, channels) answer 400. */
    private IngestOptions options(int imageSize, int channels) {
        try {
            return properties.ingestOptions(imageSize, channels);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage(), e.getMessage().startsWith("channels") ? "channels"
                    : "imageSize");
        }
    }
}
