package io.metadiv.bench;

import io.metadiv.dataset.format.ImageFolderZip;
import io.metadiv.dataset.format.IngestOptions;
import io.metadiv.dataset.format.TensorBlob;
import io.metadiv.episode.ImageSet;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Ingest throughput: generates a ZIP of Omniglot-like PNGs (105×105 grey strokes, one folder per class) in a temp
 * directory, then runs the service's ingest path without Spring or a database (stream the ZIP, decode, resize to
 * 28×28 grey, write the tensor blob with its SHA-256) and prints one JSON line: images_per_second, images,
 * classes, zip_bytes, seconds, peak_heap_mb. A warm-up pass over a tenth of the images runs first.
 *
 * <p>Usage: {@code java -cp target/classes io.metadiv.bench.IngestBench [images=5000] [classes=100]}
 */
public final class IngestBench {

    private static final int SOURCE_SIDE = 105;
    private static final int STROKES = 6;

    private IngestBench() {
    }

    public static void main(String[] args) throws IOException {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int classes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dir = Files.createTempDirectory("metadiv-ingest-bench");
        try {
            Path warmup = writeZip(dir.resolve("warmup.zip"), Math.max(2 * classes, images / 10), classes, 1);
            Path zip = writeZip(dir.resolve("bench.zip"), images, classes, 2);
            IngestOptions options = IngestOptions.of(IngestOptions.DEFAULT_IMAGE_SIZE, 1);
            ingest(warmup, options);
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

            long start = System.nanoTime();
            ImageSet ingested = ingest(zip, options);
            double seconds = (System.nanoTime() - start) / 1e9;

            System.out.println(String.format(Locale.ROOT,
                    "{\"bench\":\"ingest\",\"images_per_second\":%.1f,\"images\":%d,\"classes\":%d,\"zip_bytes\":%d,"
                            + "\"seconds\":%.3f,\"peak_heap_mb\":%.1f,\"image_size\":%d,\"channels\":1}",
                    ingested.size() / seconds, ingested.size(), ingested.numClasses(), Files.size(zip), seconds,
                    peakHeapBytes() / 1048576.0, ingested.height()));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ImageSet ingest(Path zip, IngestOptions options) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(zip))) {
            ImageSet images = ImageFolderZip.read(in, options);
            TensorBlob.write(images, OutputStream.nullOutputStream());
            return images;
        }
    }

    /** Sum of the heap pools' peaks since the last reset (an upper bound on the simultaneous peak). */
    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static Path writeZip(Path file, int images, int classes, long seed) throws IOException {
        Random random = new Random(seed);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < images; i++) {
                zip.putNextEntry(new ZipEntry(String.format(Locale.ROOT, "alphabet%02d/character%03d/%05d.png",
                        (i % classes) / 20, i % classes, i)));
                ImageIO.write(strokes(random), "png", zip);
                zip.closeEntry();
            }
        }
        return file;
    }

    /** A white 105×105 image with a few black strokes, like an Omniglot character. */
    private static BufferedImage strokes(Random random) {
        BufferedImage image = new BufferedImage(SOURCE_SIDE, SOURCE_SIDE, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, SOURCE_SIDE, SOURCE_SIDE);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3f));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int s = 0; s < STROKES; s++) {
            g.drawLine(10 + random.nextInt(85), 10 + random.nextInt(85), 10 + random.nextInt(85),
                    10 + random.nextInt(85));
        }
        g.dispose();
        return image;
    }
}
