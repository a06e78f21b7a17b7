package io.metadiv.diversity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The entries of a ZIP archive as libtorch's reader (miniz) sees them: the central directory found by the end record
 * at the very end of the file, each entry's data where its local header says. Anything two ZIP readers could
 * disagree on is refused, so what the inspector reads is what libtorch would load: a trailing comment, an end record
 * whose ZIP64 twin says otherwise, names equal but for case (miniz can match names ignoring case), encryption,
 * methods other than stored and deflate. Declared sizes are capped in total, and no entry inflates past its declared
 * size, so a small archive cannot unpack into a huge one.
 */
final class ModelArchive {

    private static final int END = 0x06054b50;
    private static final int END64 = 0x06064b50;
    private static final int END64_LOCATOR = 0x07064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final int END_SIZE = 22;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;

    /**
     * One entry.
     *
     * @param name its name, e.g. {@code small_cnn/code/__torch__.py}
     * @param method 0 stored, 8 deflated
     * @param compressedSize bytes in the archive
     * @param size bytes once unpacked
     * @param localHeader offset of its local header
     */
    record Entry(String name, int method, long compressedSize, long size, long localHeader) {
    }

    private final ByteBuffer zip;
    private final List<Entry> entries;

    private ModelArchive(ByteBuffer zip, List<Entry> entries) {
        this.zip = zip;
        this.entries = entries;
    }

    /**
     * Reads the central directory.
     *
     * @param maxUnpackedBytes the most the entries may declare in total
     * @throws UnsafeModelException when the archive is malformed or ambiguous, or declares more than the limit
     */
    static ModelArchive read(byte[] bytes, long maxUnpackedBytes) {
        ByteBuffer zip = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = bytes.length - END_SIZE;
        if (end < 0 || zip.getInt(end) != END) {
            throw refused("the archive does not end with a ZIP end record (a trailing comment or data after it is "
                    + "refused: torch.jit.save writes none)");
        }
        int entryCount = zip.getShort(end + 10) & 0xffff;
        long directorySize = zip.getInt(end + 12) & 0xffffffffL;
        long directoryOffset = zip.getInt(end + 16) & 0xffffffffL;
        if ((zip.getShort(end + 4) & 0xffff) != 0 || (zip.getShort(end + 6) & 0xffff) != 0
                || (zip.getShort(end + 8) & 0xffff) != entryCount) {
            throw refused("multi-disk ZIP archives are refused");
        }
        if (entryCount == 0xffff || directorySize == 0xffffffffL || directoryOffset == 0xffffffffL) {
            throw refused("ZIP64 sizes are refused (a probe model is far below 4 GB)");
        }
        checkZip64Twin(zip, end, entryCount, directorySize, directoryOffset);
        if (directoryOffset + directorySize > end) {
            throw refused("the ZIP central directory lies outside the archive");
        }
        List<Entry> entries = new ArrayList<>(entryCount);
        Set<String> names = new HashSet<>();
        long declared = 0;
        int at = (int) directoryOffset;
        for (int i = 0; i < entryCount; i++) {
            if (at + 46 > directoryOffset + directorySize || zip.getInt(at) != CENTRAL) {
                throw refused("the ZIP central directory is malformed");
            }
            int flags = zip.getShort(at + 8) & 0xffff;
            int method = zip.getShort(at + 10) & 0xffff;
            long compressed = zip.getInt(at + 20) & 0xffffffffL;
            long size = zip.getInt(at + 24) & 0xffffffffL;
            int nameLength = zip.getShort(at + 28) & 0xffff;
            int extraLength = zip.getShort(at + 30) & 0xffff;
            int commentLength = zip.getShort(at + 32) & 0xffff;
            long localHeader = zip.getInt(at + 42) & 0xffffffffL;
            if (at + 46L + nameLength > bytes.length) {
                throw refused("the ZIP central directory is malformed");
            }
            String name = new String(bytes, at + 46, nameLength, StandardCharsets.UTF_8);
            if ((flags & 1) != 0) {
                throw refused("entry " + name + " is encrypted");
            }
            if (method != STORED && method != DEFLATED || method == STORED && compressed != size) {
                throw refused("entry " + name + " uses ZIP method " + method + " (only stored and deflate are read)");
            }
            if (compressed == 0xffffffffL || size == 0xffffffffL || localHeader == 0xffffffffL) {
                throw refused("entry " + name + " has ZIP64 sizes");
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw refused("the archive has two entries named " + name + " (ignoring case)");
            }
            declared += size;
            if (declared > maxUnpackedBytes) {
                throw refused("the archive unpacks to more than " + maxUnpackedBytes + " bytes");
            }
            entries.add(new Entry(name, method, compressed, size, localHeader));
            at += 46 + nameLength + extraLength + commentLength;
        }
        return new ModelArchive(zip, List.copyOf(entries));
    }

    /** The entries, in central-directory order. */
    List<Entry> entries() {
        return entries;
    }

    /**
     * An entry's bytes, unpacked.
     *
     * @throws UnsafeModelException when its local header or data do not match the central directory
     */
    byte[] content(Entry e) {
        long local = e.localHeader();
        if (local + 30 > zip.capacity() || zip.getInt((int) local) != LOCAL) {
            throw refused("entry " + e.name() + " has no local header where the directory says");
        }
        int nameLength = zip.getShort((int) local + 26) & 0xffff;
        int extraLength = zip.getShort((int) local + 28) & 0xffff;
        long data = local + 30 + nameLength + extraLength;
        if (data + e.compressedSize() > zip.capacity()) {
            throw refused("entry " + e.name() + " runs past the end of the archive");
        }
        byte[] localName = new byte[nameLength];
        zip.get((int) local + 30, localName);
        if (!new String(localName, StandardCharsets.UTF_8).equals(e.name())) {
            throw refused("entry " + e.name() + " has another name in its local header");
        }
        byte[] packed = new byte[(int) e.compressedSize()];
        zip.get((int) data, packed);
        if (e.method() == STORED) {
            return packed;
        }
        return inflate(packed, e);
    }

    private static byte[] inflate(byte[] packed, Entry e) {
        byte[] out = new byte[(int) e.size()];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(packed);
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            // one more byte must not come out: an entry never unpacks past its declared size
            if (n != out.length || !inflater.finished() && inflater.inflate(new byte[1]) > 0) {
                throw refused("entry " + e.name() + " does not unpack to its declared " + e.size() + " bytes");
            }
            return out;
        } catch (DataFormatException ex) {
            throw refused("entry " + e.name() + " is not valid deflate data");
        } finally {
            inflater.end();
        }
    }

    /** A ZIP64 end record, if present, is what some readers use instead: it must say the same. */
    private static void checkZip64Twin(ByteBuffer zip, int end, int entryCount, long directorySize,
            long directoryOffset) {
        int locator = end - 20;
        if (locator < 0 || zip.getInt(locator) != END64_LOCATOR) {
            return;
        }
        long record = zip.getLong(locator + 8);
        if (record < 0 || record + 56 > locator || zip.getInt((int) record) != END64
                || zip.getLong((int) record + 24) != entryCount || zip.getLong((int) record + 32) != entryCount
                || zip.getLong((int) record + 40) != directorySize
                || zip.getLong((int) record + 48) != directoryOffset) {
            throw refused("the ZIP64 end record disagrees with the ZIP end record");
        }
    }

    private static UnsafeModelException refused(String why) {
        return new UnsafeModelException("zip archive", null, "Refused TorchScript archive: " + why);
    }
}
