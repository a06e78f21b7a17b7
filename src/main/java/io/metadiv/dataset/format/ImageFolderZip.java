package io.metadiv.dataset.format;

import io.metadiv.episode.ImageSet;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads a ZIP archive in image-folder layout: every folder that holds images is one class, named by its path
 * relative to the archive (nested groups such as {@code alphabet/character/} allowed; a single folder wrapping the
 * whole archive is dropped from the names). The archive is streamed entry by entry and only the resized images are
 * kept; {@code __MACOSX/} and dot-files are ignored. Labels follow sorted class names and images sorted entry paths
 * within a class, so the same content always gives the same {@link ImageSet}.
 */
public final class ImageFolderZip {

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int EMPTY_ARCHIVE = 0x06054b50;
    private static final int BUFFER = 1 << 16;
    /** Largest encoded image accepted: entries are read into memory whole before decoding. */
    static final int MAX_ENTRY_BYTES = 64 << 20;

    private final IngestOptions options;
    private final ImageDecoder decoder;
    /** Whether the archive must be a trainable dataset by itself (an upload) or only images to add (a version). */
    private final boolean whole;
    private final ReadProgress progress;
    /** Entries the central directory lists, or 0 when unknown. */
    private final int listed;
    private long inflated;
    private int entries;

    private ImageFolderZip(IngestOptions options, boolean whole, ReadProgress progress, int listed) {
        this.options = options;
        this.decoder = new ImageDecoder(options);
        this.whole = whole;
        this.progress = progress;
        this.listed = listed;
    }

    /**
     * Reads the archive; the stream is not closed.
     *
     * @throws UnknownContentException when the bytes are not a ZIP archive
     * @throws InvalidContentException for unsafe paths, limits exceeded, bad images or too few classes/images
     */
    public static ImageSet read(InputStream archive, IngestOptions options) throws IOException {
        return new ImageFolderZip(options, true, ReadProgress.NONE, 0).readAll(new BufferedInputStream(archive, BUFFER));
    }

    /**
     * Reads the archive in {@code file} like {@link #read(InputStream, IngestOptions)}, streaming its entries, and
     * reports progress against the entry count of its central directory.
     */
    public static ImageSet read(Path file, IngestOptions options, ReadProgress progress) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new ImageFolderZip(options, true, progress, listedEntries(file))
                    .readAll(new BufferedInputStream(in, BUFFER));
        }
    }

    /** The central directory's entry count; 0 for what is no readable ZIP (the streamed read says what is wrong). */
    private static int listedEntries(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Reads an archive of images to add to a dataset: the same layout and checks as {@link #read}, except that one
     * class, or one image in a class, is enough (the dataset they join is checked as a whole).
     */
    public static ImageSet readImages(InputStream archive, IngestOptions options) throws IOException {
        return new ImageFolderZip(options, false, ReadProgress.NONE, 0).readAll(new BufferedInputStream(archive, BUFFER));
    }

    private ImageSet readAll(BufferedInputStream in) throws IOException {
        requireZip(in);
        Map<String, TreeMap<String, byte[]>> classes = new TreeMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        String name = null;
        try {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                name = entry.getName();
                if (++entries > options.maxEntries()) {
                    throw new InvalidContentException(
                            "Archive has more than " + options.maxEntries() + " entries", name, null);
                }
                requireSafe(name);
                byte[] content = inflate(zip, name);
                progress.read(entries, Math.max(entries, listed));
                if (entry.isDirectory() || ignored(name)) {
                    continue;
                }
                int slash = name.lastIndexOf('/');
                if (slash < 0) {
                    throw new InvalidContentException("Entry '" + name
                            + "' is at the archive root; put the images of each class in their own folder", name, null);
                }
                byte[] image = new byte[options.imageBytes()];
                decoder.decode(name, content, image, 0);
                if (classes.computeIfAbsent(name.substring(0, slash), k -> new TreeMap<>()).put(name, image) != null) {
                    throw new InvalidContentException("Entry '" + name + "' appears twice", name, null);
                }
            }
        } catch (ZipException e) {
            throw new InvalidContentException("Corrupt ZIP archive" + (name == null ? "" : " at entry '" + name + "'")
                    + ": " + e.getMessage(), name, e);
        }
        if (classes.isEmpty()) {
            throw new InvalidContentException("Archive holds no images");
        }
        requireLeafClasses(classes);
        return toImageSet(classes);
    }

    private static void requireZip(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        int magic = head.length < 4 ? 0
                : (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
        if (magic == EMPTY_ARCHIVE) {
            throw new InvalidContentException("Archive holds no images");
        }
        if (magic != LOCAL_HEADER) {
            throw new UnknownContentException("Not a ZIP archive (it does not start with the ZIP signature PK\\3\\4)");
        }
    }

    /** Zip-slip guard: only plain relative paths with '/' separators. */
    private static void requireSafe(String name) {
        boolean unsafe = name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || name.matches("^[A-Za-z]:.*");
        for (String segment : name.split("/", -1)) {
            unsafe |= segment.equals("..") || segment.equals(".");
        }
        if (unsafe) {
            throw new InvalidContentException("Entry '" + name
                    + "' has an unsafe path (absolute, '..', '.', drive letter or backslash)", name, null);
        }
    }

    private static boolean ignored(String name) {
        if (name.startsWith("__MACOSX/")) {
            return true;
        }
        for (String segment : name.split("/")) {
            if (segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Reads the entry, counting every inflated byte (ignored entries too) against the zip-bomb limit. */
    private byte[] inflate(ZipInputStream zip, String name) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER];
        for (int read = zip.read(buffer); read >= 0; read = zip.read(buffer)) {
            inflated += read;
            if (inflated > options.maxUncompressedBytes()) {
                throw new InvalidContentException("Archive inflates to more than " + options.maxUncompressedBytes()
                        + " bytes (limit reached at entry '" + name + "')", name, null);
            }
            if (content.size() + read > MAX_ENTRY_BYTES) {
                throw new InvalidContentException("Entry '" + name + "' is larger than " + (MAX_ENTRY_BYTES >> 20)
                        + " MiB", name, null);
            }
            content.write(buffer, 0, read);
        }
        return content.toByteArray();
    }

    /** Images must sit in leaf folders: a folder with images and image sub-folders would mix two classes. */
    private static void requireLeafClasses(Map<String, TreeMap<String, byte[]>> classes) {
        // Ancestors of each class, not all pairs: an archive may hold very many classes.
        for (String folder : classes.keySet()) {
            for (int slash = folder.indexOf('/'); slash > 0; slash = folder.indexOf('/', slash + 1)) {
                String ancestor = folder.substring(0, slash);
                if (classes.containsKey(ancestor)) {
                    throw new InvalidContentException("Folder '" + ancestor + "' holds images and also the class "
                            + "folder '" + folder + "'; only leaf folders may hold images", ancestor, null);
                }
            }
        }
    }

    private ImageSet toImageSet(Map<String, TreeMap<String, byte[]>> classes) {
        int n = classes.values().stream().mapToInt(Map::size).sum();
        byte[] pixels = new byte[Math.multiplyExact(n, options.imageBytes())];
        int[] labels = new int[n];
        int i = 0;
        int label = 0;
        for (TreeMap<String, byte[]> images : classes.values()) {
            for (byte[] image : images.values()) {
                System.arraycopy(image, 0, pixels, i * options.imageBytes(), image.length);
                labels[i++] = label;
            }
            label++;
        }
        List<String> names = classNames(List.copyOf(classes.keySet()));
        if (whole) {
            ClassCounts.of(labels, names.size()).requireTrainable(names);
        }
        return new ImageSet(pixels, labels, names, options.channels(), options.imageSize(), options.imageSize());
    }

    /** Drops one folder that wraps every class (what {@code zip -r data.zip data/} produces). */
    private static List<String> classNames(List<String> folders) {
        String first = folders.get(0);
        int slash = first.indexOf('/');
        if (folders.size() < 2 || slash < 0) {
            return folders;
        }
        String root = first.substring(0, slash + 1);
        if (!folders.stream().allMatch(f -> f.startsWith(root))) {
            return folders;
        }
        return folders.stream().map(f -> f.substring(root.length())).toList();
    }
}
