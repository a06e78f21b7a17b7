package io.metadiv.probe;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
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

/** HTTP mapping of probe models; the work happens in {@link ProbeModels}. */
@RestController
@RequestMapping("/api/v1/probes")
@Tag(name = "Probe models", description = "TorchScript models to use as Task2Vec probes in diversity scores")
class ProbeModelController {

    private final ProbeModels models;

    ProbeModelController(ProbeModels models) {
        this.models = models;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "uploadProbeModel", summary = "Upload a TorchScript probe model", description = """
            Part `file`: an archive written by `torch.jit.save`. The model must map float32 images [B, C, H, W] \
            (pixels scaled to [0, 1], the dataset's channels and size) to features [B, …]; it runs in eval mode (its \
            own batch-norm running statistics). Task2Vec fits a fresh linear head on the features and takes the \
            Fisher of the model's convolution weights (its 4-D parameters). Use it in \
            `POST /api/v1/datasets/{id}/diversity` with `"probe": {"kind": "TORCHSCRIPT", "modelId": …}`. \
            Identical bytes return the model stored before with 200. \
            A TorchScript model is code: before anything is stored or loaded, the archive's code is read (never run) \
            and every operation it uses checked against an allow-list of the tensor and nn operations of CNN probes \
            (convolutions, normalisation, activations, pooling, dropout, views, arithmetic); files, storages, raw \
            memory views, threads and futures, RPC, custom operators and classes are refused with 422 naming the \
            operation (`op`) and where it is (`entry`, method and line in `detail`), as are pickled globals other \
            than torch's tensor rebuilders. Models run only on workers, under a wall-time limit per score.""")
    @ApiResponse(responseCode = "201", description = "Model stored; Location points to it",
            headers = @Header(name = "Location", description = "/api/v1/probes/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "Identical bytes were already uploaded; that model")
    @ApiResponse(responseCode = "413", description = "Archive larger than metadiv.probe.max-bytes (default 100 MiB) "
            + "or upload larger than METADIV_MAX_UPLOAD",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Not a TorchScript archive (ZIP)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by the inspector (`op`: the operation or pickled "
            + "global outside the allow-list, `entry`: where), libtorch cannot load it, or it has no convolution weight",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ProbeModel> upload(
            @Parameter(description = "TorchScript archive (torch.jit.save)") @RequestPart MultipartFile file,
            @Parameter(description = "Display name [the file name]") @RequestParam(required = false) @Size(max = 200)
            String name) throws IOException {
        String display = name != null && !name.isBlank() ? name.strip()
                : file.getOriginalFilename() != null && !file.getOriginalFilename().isBlank()
                        ? file.getOriginalFilename() : "probe model";
        models.checkSize(file.getSize());
        ProbeModels.Upload upload = models.upload(display, file.getBytes());
        if (!upload.created()) {
            return ResponseEntity.ok(upload.model());
        }
        return ResponseEntity.created(URI.create("/api/v1/probes/" + upload.model().id())).body(upload.model());
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listProbeModels", summary = "List probe models, newest first")
    @ApiResponse(responseCode = "200", description = "The models")
    List<ProbeModel> list() {
        return models.list();
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getProbeModel", summary = "Get a probe model")
    @ApiResponse(responseCode = "200", description = "The model")
    @ApiResponse(responseCode = "404", description = "No such probe model",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ProbeModel get(@PathVariable UUID id) {
        return models.get(id);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteProbeModel", summary = "Delete a probe model", description = "409 while a QUEUED or RUNNING diversity score uses "
            + "it; finished scores keep their results and the model's name and checksum")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such probe model",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Still used; `references` lists by what",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        models.delete(id);
        return ResponseEntity.noContent().build();
    }
}
