package io.metadiv.dataset;

import io.metadiv.dataset.format.IngestOptions;
import io.metadiv.db.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.core.io.InputStreamSource;

/**
 * What an upload decodes from: the SHA-256 of each raw part with everything that changes the decoded images (format,
 * image size, channels; a version's parent). Equal keys decode to equal datasets, so a known key answers its
 * dataset without decoding. The limits are not part of it: they refuse uploads, they do not change the images.
 *
 * @param key SHA-256 of {@code description}, 64 hex digits
 * @param description what was hashed, e.g. {@code format=IDX imageSize=28 channels=1 images=<sha> labels=<sha>}
 */
record UploadKey(String key, String description) {

    private static final int BUFFER = 1 << 16;

    /**
     * @param parentId a version's parent, else null
     * @param partDigests part name → SHA-256 of its bytes
     */
    static UploadKey of(DatasetFormat format, IngestOptions options, UUID parentId, Map<String, String> partDigests) {
        StringBuilder description = new StringBuilder("format=").append(format);
        if (parentId != null) {
            description.append(" parent=").append(parentId);
        }
        description.append(" imageSize=").append(options.imageSize()).append(" channels=").append(options.channels());
        new TreeMap<>(partDigests).forEach((part, sha) -> description.append(' ').append(part).append('=').append(sha));
        String text = description.toString();
        return new UploadKey(Sha256.hex(text.getBytes(StandardCharsets.UTF_8)), text);
    }

    /** The SHA-256 of a part, read as a stream (a multipart part stays on disk). */
    static String sha256(InputStreamSource part) throws IOException {
        MessageDigest digest = Sha256.digest();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = part.getInputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
