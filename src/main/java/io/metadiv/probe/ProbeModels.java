package io.metadiv.probe;

import ai.djl.ndarray.NDManager;
import io.metadiv.db.Sha256;
import io.metadiv.diversity.ProbeSpec;
import io.metadiv.diversity.TorchScriptProbe;
import io.metadiv.diversity.UnsafeModelException;
import io.metadiv.nn.TorchRuntime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upload, lookup and delete of probe models, and opening one as a {@link TorchScriptProbe}. Rows and archives live
 * in the {@code probe_model} table. An upload is checked before anything is stored: first by
 * {@link io.metadiv.diversity.TorchScriptInspector}, which reads the archive's code without loading it (a TorchScript
 * model is code), then, if it passes, by loading it in libtorch for its convolution weights; it never runs here.
 */
@Service
public class ProbeModels {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<ProbeModel.ConvWeight>> CONV_WEIGHTS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, name, sha256, size_bytes, conv_weights, embedding_dimension, "
            + "created_at";
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    // a provider: the features that reference models also use this service, so they cannot be constructor arguments
    private final ObjectProvider<ProbeModelReferences> references;
    private final ProbeProperties properties;
    private final RowMapper<ProbeModel> rows = ProbeModels::row;

    ProbeModels(JdbcTemplate jdbc, TransactionTemplate tx, ObjectProvider<ProbeModelReferences> references,
            ProbeProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.references = references;
        this.properties = properties;
    }

    /**
     * Checks an upload's size before its bytes are read.
     *
     * @throws ProbeModelProblem 413 past {@code metadiv.probe.max-bytes}
     */
    void checkSize(long size) {
        if (size > properties.maxBytes()) {
            throw ProbeModelProblem.tooLarge(size, properties.maxBytes());
        }
    }

    /**
     * Result of an upload.
     *
     * @param model the stored model
     * @param created false when identical bytes were already stored (that model is returned)
     */
    record Upload(ProbeModel model, boolean created) {
    }

    /**
     * Checks and stores an uploaded archive; identical bytes return the model stored before.
     *
     * @throws ProbeModelProblem 413 past the size limit, 415 when the bytes are not a ZIP archive, 422 when the
     *     inspector refuses them (nothing reaches libtorch then), libtorch cannot load them or the model has no
     *     convolution weight
     */
    Upload upload(String name, byte[] archive) {
        checkSize(archive.length);
        String sha256 = Sha256.hex(archive);
        Optional<ProbeModel> existing = findBySha256(sha256);
        if (existing.isPresent()) {
            return new Upload(existing.get(), false);
        }
        if (archive.length < ZIP_MAGIC.length || !Arrays.equals(archive, 0, ZIP_MAGIC.length, ZIP_MAGIC, 0,
                ZIP_MAGIC.length)) {
            throw ProbeModelProblem.notAnArchive();
        }
        List<ProbeModel.ConvWeight> convWeights;
        int dimension;
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                TorchScriptProbe probe = TorchScriptProbe.load(archive, name, manager)) {
            convWeights = probe.convWeights().stream().map(w -> new ProbeModel.ConvWeight(w.name(),
                    Arrays.stream(w.shape().getShape()).boxed().toList())).toList();
            dimension = probe.dimension();
        } catch (UnsafeModelException e) {
            throw ProbeModelProblem.unsafe(e);
        } catch (IllegalArgumentException e) {
            throw ProbeModelProblem.unusable(e.getMessage());
        }
        ProbeModel model = new ProbeModel(UUID.randomUUID(), name, sha256, archive.length, convWeights, dimension,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        try {
            jdbc.update("INSERT INTO probe_model (" + COLUMNS + ", content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    model.id(), model.name(), model.sha256(), model.sizeBytes(),
                    JSON.writeValueAsString(model.convWeights()), model.embeddingDimension(),
                    Timestamp.from(model.createdAt()), archive);
        } catch (DuplicateKeyException e) {
            // a concurrent upload of the same bytes won: answer with its model
            return new Upload(findBySha256(sha256).orElseThrow(), false);
        }
        return new Upload(model, true);
    }

    /** All models, newest first. */
    List<ProbeModel> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM probe_model ORDER BY created_at DESC", rows);
    }

    /**
     * One model.
     *
     * @throws ProbeModelProblem 404 when there is none
     */
    ProbeModel get(UUID id) {
        return find(id).orElseThrow(() -> ProbeModelProblem.notFound(id));
    }

    /** One model, if it exists. */
    public Optional<ProbeModel> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM probe_model WHERE id = ?", rows, id).stream().findFirst();
    }

    /**
     * Locks the model row against a concurrent delete until the surrounding transaction ends; call it in the
     * transaction that inserts a row referencing the model.
     *
     * @return whether the model exists
     */
    public boolean lockForUse(UUID id) {
        return !jdbc.queryForList("SELECT id FROM probe_model WHERE id = ? FOR SHARE", UUID.class, id).isEmpty();
    }

    /**
     * A stored model as a probe specification (its archive bytes), for {@link ProbeSpec#open}.
     *
     * @param model a stored model
     * @return the specification
     */
    public ProbeSpec spec(ProbeModel model) {
        byte[] archive = jdbc.queryForObject("SELECT content FROM probe_model WHERE id = ?", byte[].class,
                model.id());
        return ProbeSpec.torchScript(archive, model.source());
    }

    /**
     * Deletes a model nothing active uses.
     *
     * @throws ProbeModelProblem 404 when there is none, 409 when a {@link ProbeModelReferences} reports a use
     */
    void delete(UUID id) {
        tx.executeWithoutResult(status -> {
            if (jdbc.queryForList("SELECT id FROM probe_model WHERE id = ? FOR UPDATE", UUID.class, id).isEmpty()) {
                throw ProbeModelProblem.notFound(id);
            }
            List<String> uses = references.stream().flatMap(r -> r.referencesToProbeModel(id).stream()).toList();
            if (!uses.isEmpty()) {
                throw ProbeModelProblem.inUse(id, uses);
            }
            jdbc.update("DELETE FROM probe_model WHERE id = ?", id);
        });
    }

    private Optional<ProbeModel> findBySha256(String sha256) {
        return jdbc.query("SELECT " + COLUMNS + " FROM probe_model WHERE sha256 = ?", rows, sha256).stream()
                .findFirst();
    }

    private static ProbeModel row(ResultSet rs, int rowNum) throws SQLException {
        return new ProbeModel(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("sha256"),
                rs.getLong("size_bytes"), JSON.readValue(rs.getString("conv_weights"), CONV_WEIGHTS),
                rs.getInt("embedding_dimension"), rs.getTimestamp("created_at").toInstant());
    }
}
