package io.metadiv.dataset.format;

import io.metadiv.episode.ImageSet;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an IDX image file (ubyte, N×H×W) and an IDX label file (ubyte, N), each plain or gzipped (recognised by
 * the gzip magic bytes, not the file name): the MNIST / Fashion-MNIST format. Classes are the distinct label values
 * in ascending order, named by their number ("0", "1", …).
 */
public final class IdxPair {

    /** Part names used in error messages. */
    public static final String IMAGES = "images";
    public static final String LABELS = "labels";

    private static final int UBYTE = 0x08;
    /** Type codes an IDX file may carry (ubyte, byte, short, int, float, double). */
    private static final Set<Integer> IDX_TYPES = Set.of(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E);
    private static final int BUFFER = 1 << 16;

    private IdxPair() {
    }

    /**
     * Reads the pair; the streams are not closed.
     *
     * @throws UnknownContentException when a part is not an IDX file
     * @throws InvalidContentException for wrong types or shapes, mismatched counts, truncation or too few images
     */
    public static ImageSet read(InputStream images, InputStream labels, IngestOptions options) throws IOException {
        return read(images, labels, options, true, ReadProgress.NONE);
    }

    /** Reads the pair like {@link #read(InputStream, InputStream, IngestOptions)}, reporting images read. */
    public static ImageSet read(InputStream images, InputStream labels, IngestOptions options, ReadProgress progress)
            throws IOException {
        return read(images, labels, options, true, progress);
    }

    /**
     * Reads a pair of images to add to a dataset: the same checks as {@link #read}, except that one class, or one
     * image in a class, is enough (the dataset they join is checked as a whole).
     */
    public static ImageSet readImages(InputStream images, InputStream labels, IngestOptions options)
            throws IOException {
        return read(images, labels, options, false, ReadProgress.NONE);
    }

    private static ImageSet read(InputStream images, InputStream labels, IngestOptions options, boolean whole,
            ReadProgress progress) throws IOException {
        DataInputStream imageData = open(images);
        DataInputStream labelData = open(labels);
        int[] imageDims = header(imageData, IMAGES, 3);
        int[] labelDims = header(labelData, LABELS, 1);
        int n = imageDims[0];
        int h = imageDims[1];
        int w = imageDims[2];
        if (n != labelDims[0]) {
            throw new InvalidContentException("IDX counts differ: the images part holds " + n
                    + " images but the labels part holds " + labelDims[0] + " labels", LABELS, null);
        }
        if ((long) h * w > options.maxImagePixels() || h < 1 || w < 1) {
            throw new InvalidContentException("IDX images are " + h + "x" + w + "; each side must be positive and "
                    + "the area at most " + options.maxImagePixels() + " pixels", IMAGES, null);
        }
        long declared = (long) n * h * w + n;
        if (declared > options.maxUncompressedBytes()) {
            throw new InvalidContentException("IDX pair declares " + declared + " bytes, more than the limit of "
                    + options.maxUncompressedBytes(), IMAGES, null);
        }
        byte[] raw = readFully(labelData, new byte[n], LABELS, n);
        List<String> names = new ArrayList<>();
        int[] labelOf = new int[256];
        TreeSet<Integer> values = new TreeSet<>();
        for (byte b : raw) {
            values.add(b & 0xff);
        }
        for (int value : values) {
            labelOf[value] = names.size();
            names.add(Integer.toString(value));
        }
        int[] labelIndex = new int[n];
        for (int i = 0; i < n; i++) {
            labelIndex[i] = labelOf[raw[i] & 0xff];
        }
        if (whole) {
            ClassCounts.of(labelIndex, names.size()).requireTrainable(names);
        } else if (n == 0) {
            throw new InvalidContentException("The IDX pair holds no images", IMAGES, null);
        }

        ImageDecoder decoder = new ImageDecoder(options);
        byte[] pixels = new byte[Math.multiplyExact(n, options.imageBytes())];
        byte[] grey = new byte[h * w];
        for (int i = 0; i < n; i++) {
            try {
                imageData.readFully(grey);
            } catch (EOFException e) {
                throw new InvalidContentException("The images part ends after " + i + " of " + n + " images",
                        IMAGES, e);
            } catch (ZipException e) {
                throw new InvalidContentException("The images part is a corrupt gzip stream: " + e.getMessage(),
                        IMAGES, e);
            }
            decoder.fromGrey(grey, h, w, pixels, i * options.imageBytes());
            progress.read(i + 1, n);
        }
        return new ImageSet(pixels, labelIndex, names, options.channels(), options.imageSize(), options.imageSize());
    }

    private static DataInputStream open(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER)
                : buffered);
    }

    private static int[] header(DataInputStream in, String part, int expectedDims) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new UnknownContentException("The " + part + " part is not an IDX file (shorter than its header)");
        } catch (IOException e) {
            throw new InvalidContentException("The " + part + " part is a corrupt gzip stream: " + e.getMessage(),
                    part, e);
        }
        int type = (magic >>> 8) & 0xff;
        int dims = magic & 0xff;
        if ((magic >>> 16) != 0 || !IDX_TYPES.contains(type)) {
            throw new UnknownContentException(
                    "The " + part + " part is not an IDX file (bad magic 0x" + Integer.toHexString(magic) + ")");
        }
        if (type != UBYTE || dims != expectedDims) {
            throw new InvalidContentException("The " + part + " part must be an unsigned-byte IDX file with "
                    + expectedDims + " dimension(s) (magic 0x0000080" + expectedDims + "), found type 0x"
                    + Integer.toHexString(type) + " with " + dims + " dimension(s)", part, null);
        }
        int[] sizes = new int[dims];
        for (int i = 0; i < dims; i++) {
            try {
                sizes[i] = in.readInt();
            } catch (EOFException e) {
                throw new InvalidContentException("The " + part + " part ends inside its header", part, e);
            }
            if (sizes[i] < 0) {
                throw new InvalidContentException("The " + part + " part declares a negative size", part, null);
            }
        }
        return sizes;
    }

    private static byte[] readFully(DataInputStream in, byte[] into, String part, int n) throws IOException {
        try {
            in.readFully(into);
            return into;
        } catch (EOFException e) {
            throw new InvalidContentException("The " + part + " part ends before its " + n + " entries", part, e);
        } catch (ZipException e) {
            throw new InvalidContentException("The " + part + " part is a corrupt gzip stream: " + e.getMessage(),
                    part, e);
        }
    }
}
