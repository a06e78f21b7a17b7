package io.metadiv.probe;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An uploaded TorchScript probe model, as stored and served (the archive's bytes are not part of it).
 *
 * @param id model id
 * @param name display name
 * @param sha256 lower-case hex SHA-256 of the archive; identical uploads give the same model
 * @param sizeBytes archive size
 * @param convWeights the convolution weights (4-D parameters) whose Fisher embeds a task, in the model's order
 * @param embeddingDimension Task2Vec embedding length: total conv filters
 * @param createdAt upload time
 */
@Schema(description = "A TorchScript model usable as a Task2Vec probe")
public record ProbeModel(UUID id, String name, String sha256, long sizeBytes, List<ConvWeight> convWeights,
        int embeddingDimension, Instant createdAt) {

    /**
     * One convolution weight.
     *
     * @param name parameter name, e.g. {@code conv1.weight}
     * @param shape [out, in, kh, kw]
     */
    public record ConvWeight(@Schema(example = "conv1.weight") String name,
            @Schema(example = "[8, 1, 3, 3]") List<Long> shape) {
    }

    /** How scores record this probe: name and a checksum prefix. */
    public String source() {
        return name + ", sha256 " + sha256.substring(0, 12);
    }
}
