package io.metadiv.bench;

import io.metadiv.episode.ImageSet;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Loads the benchmark's datasets like the reference {@code data.py}: Fashion-MNIST IDX (train + t10k pooled) or
 * image-folder roots (every leaf directory with images is a class named by its path relative to its root; roots
 * merged by that path; byte-identical duplicates under the same relative path and name dropped).
 */
final class BenchData {

    /** Where the Debian package puts Fashion-MNIST. */
    static final Path FMNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    static final List<String> FMNIST_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final int IDX_UBYTE = 0x08;
    private static final int GREY_MAX = 255;
    private static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif", ".pgm");

    /** A loaded dataset with the reference's metadata. */
    record Loaded(ImageSet images, String name, int duplicatesDropped) {
    }

    private BenchData() {
    }

    static Loaded load(String spec, int size) throws IOException {
        if (spec.equals("fashion-mnist") || spec.equals("fmnist")) {
            return new Loaded(fashionMnist(FMNIST_DIR), "fashion-mnist", 0);
        }
        return imageFolders(Arrays.stream(spec.split(",")).filter(s -> !s.isEmpty()).map(Path::of).toList(), size);
    }

    static ImageSet fashionMnist(Path dir) throws IOException {
        List<byte[]> pixels = new ArrayList<>();
        List<byte[]> labels = new ArrayList<>();
        int[] hw = null;
        for (String part : List.of("train", "t10k")) {
            Idx images = readIdx(dir.resolve(part + "-images-idx3-ubyte.gz"));
            Idx lab = readIdx(dir.resolve(part + "-labels-idx1-ubyte.gz"));
            hw = new int[] {images.dims[1], images.dims[2]};
            pixels.add(images.data);
            labels.add(lab.data);
        }
        int total = labels.stream().mapToInt(b -> b.length).sum();
        byte[] allPixels = new byte[total * hw[0] * hw[1]];
        int[] allLabels = new int[total];
        int at = 0;
        int n = 0;
        for (int p = 0; p < pixels.size(); p++) {
            System.arraycopy(pixels.get(p), 0, allPixels, at, pixels.get(p).length);
            at += pixels.get(p).length;
            for (byte b : labels.get(p)) {
                allLabels[n++] = b & GREY_MAX;
            }
        }
        return new ImageSet(allPixels, allLabels, FMNIST_NAMES, 1, hw[0], hw[1]);
    }

    private record Idx(int[] dims, byte[] data) {
    }

    private static Idx readIdx(Path path) throws IOException {
        try (InputStream raw = Files.newInputStream(path);
                InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                DataInputStream data = new DataInputStream(in)) {
            int magic = data.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & GREY_MAX) != IDX_UBYTE) {
                throw new IOException(path + " is not an unsigned-byte IDX file");
            }
            int[] dims = new int[magic & GREY_MAX];
            long count = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = data.readInt();
                count *= dims[i];
            }
            byte[] bytes = new byte[Math.toIntExact(count)];
            data.readFully(bytes);
            return new Idx(dims, bytes);
        }
    }

    static Loaded imageFolders(List<Path> roots, int size) throws IOException {
        Map<String, Map<String, Path>> byClass = new TreeMap<>();
        Map<Path, String> digests = new HashMap<>();
        int dropped = 0;
        for (Path root : roots) {
            Path abs = root.toAbsolutePath().normalize();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(abs)) {
                files = walk.filter(Files::isRegularFile).filter(BenchData::isImage).sorted().toList();
            }
            for (Path f : files) {
                String rel = abs.relativize(f.getParent()).toString().replace('\\', '/');
                String cls = rel.isEmpty() ? abs.getFileName().toString() : rel;
                Map<String, Path> slot = byClass.computeIfAbsent(cls, k -> new TreeMap<>());
                String key = f.getFileName().toString();
                if (slot.containsKey(key)) {
                    if (digest(slot.get(key), digests).equals(digest(f, digests))) {
                        dropped++;
                        continue;
                    }
                    key = slot.size() + "::" + key;
                }
                slot.put(key, f);
            }
        }
        List<String> names = new ArrayList<>(byClass.keySet());
        int count = byClass.values().stream().mapToInt(Map::size).sum();
        byte[] pixels = new byte[count * size * size];
        int[] labels = new int[count];
        int n = 0;
        for (int c = 0; c < names.size(); c++) {
            for (Path f : byClass.get(names.get(c)).values()) {
                greyResized(f, size, pixels, n * size * size);
                labels[n++] = c;
            }
        }
        String name = String.join(",", roots.stream().map(r -> r.toAbsolutePath().normalize().getFileName().toString())
                .toList());
        return new Loaded(new ImageSet(pixels, labels, names, 1, size, size), name, dropped);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static String digest(Path p, Map<Path, String> cache) throws IOException {
        String known = cache.get(p);
        if (known != null) {
            return known;
        }
        try {
            String d = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p)));
            cache.put(p, d);
            return d;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes, converts to 8-bit grey, resizes bilinearly to size×size, writes into {@code out[offset..]}. */
    private static void greyResized(Path f, int size, byte[] out, int offset) throws IOException {
        BufferedImage src = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(f)));
        if (src == null) {
            throw new IOException("cannot decode image " + f);
        }
        BufferedImage grey = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, size, size, null);
        g.dispose();
        byte[] data = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        System.arraycopy(data, 0, out, offset, size * size);
    }
}
