package io.metadiv.dataset.format;

import io.metadiv.db.Sha256;
import io.metadiv.episode.ImageSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The stored form of a dataset: one binary blob whose SHA-256 is the dataset checksum. Layout (big-endian):
 * magic {@code MDVB}, int version (1), int N, C, H, W, int class count, per class an int byte length and its UTF-8
 * name, N int32 labels, N·C·H·W uint8 pixels. Deterministic for a given {@link ImageSet}, so identical content
 * always has the same checksum.
 */
public final class TensorBlob {

    private static final int MAGIC = 0x4D44_5642; // "MDVB"
    private static final int VERSION = 1;
    private static final int BUFFER = 1 << 16;

    private TensorBlob() {
    }

    /**
     * What {@link #write} produced.
     *
     * @param sha256 lower-case hex SHA-256 of the blob
     * @param bytes blob length
     */
    public record Written(String sha256, long bytes) {
    }

    /** Writes the blob to {@code out} (left open) and returns its checksum and length. */
    public static Written write(ImageSet images, OutputStream out) throws IOException {
        MessageDigest sha256 = Sha256.digest();
        CountingOutputStream counting = new CountingOutputStream(new DigestOutputStream(out, sha256));
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(counting, BUFFER));
        data.writeInt(MAGIC);
        data.writeInt(VERSION);
        data.writeInt(images.size());
        data.writeInt(images.channels());
        data.writeInt(images.height());
        data.writeInt(images.width());
        data.writeInt(images.numClasses());
        for (String name : images.classNames()) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            data.writeInt(utf8.length);
            data.write(utf8);
        }
        for (int label : images.labels()) {
            data.writeInt(label);
        }
        data.write(images.pixels());
        data.flush();
        return new Written(HexFormat.of().formatHex(sha256.digest()), counting.count);
    }

    /** Reads a blob written by {@link #write}; the stream is left open. */
    public static ImageSet read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in, BUFFER));
        if (data.readInt() != MAGIC) {
            throw new IOException("Not a Metadiv tensor blob (bad magic)");
        }
        int version = data.readInt();
        if (version != VERSION) {
            throw new IOException("Unsupported tensor blob version " + version);
        }
        int n = data.readInt();
        int c = data.readInt();
        int h = data.readInt();
        int w = data.readInt();
        long pixelCount = (long) n * c * h * w;
        if (n < 0 || pixelCount > Integer.MAX_VALUE - 16) {
            throw new IOException("Tensor blob too large: " + n + "x" + c + "x" + h + "x" + w);
        }
        int classCount = data.readInt();
        List<String> names = new ArrayList<>(classCount);
        for (int i = 0; i < classCount; i++) {
            byte[] utf8 = new byte[data.readInt()];
            data.readFully(utf8);
            names.add(new String(utf8, StandardCharsets.UTF_8));
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data.readInt();
        }
        byte[] pixels = new byte[(int) pixelCount];
        data.readFully(pixels);
        return new ImageSet(pixels, labels, names, c, h, w);
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
