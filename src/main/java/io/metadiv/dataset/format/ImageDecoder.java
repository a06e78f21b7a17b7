package io.metadiv.dataset.format;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns encoded PNG, JPEG, BMP or GIF bytes (or raw grey IDX pixels) into one normalised image: C×size×size uint8,
 * grey by ITU-R 601 luma or RGB, alpha ignored, first frame of an animated GIF.
 */
public final class ImageDecoder {

    /** ImageIO format names accepted; ImageIO also reads TIFF and WBMP, which the API does not promise. */
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif");

    private final IngestOptions options;

    /** A decoder producing images of the given size and channels. */
    public ImageDecoder(IngestOptions options) {
        this.options = options;
    }

    /**
     * Decodes one encoded image into {@code out} at {@code offset}.
     *
     * @param entry name used in error messages
     * @throws InvalidContentException when the bytes are not a decodable PNG/JPEG/BMP/GIF or the image is too large
     */
    public void decode(String entry, byte[] encoded, byte[] out, int offset) {
        BufferedImage image = read(entry, encoded);
        int w = image.getWidth();
        int h = image.getHeight();
        Resampler.resize(planes(image, options.channels()), options.channels(), h, w, options.imageSize(), out,
                offset);
    }

    /**
     * Normalises raw grey pixels (IDX) into {@code out} at {@code offset}.
     *
     * @param grey h×w uint8 pixels
     */
    public void fromGrey(byte[] grey, int h, int w, byte[] out, int offset) {
        int size = options.imageSize();
        if (h == size && w == size) {
            // The common MNIST case: no resampling, just copy (and replicate for RGB).
            for (int c = 0; c < options.channels(); c++) {
                System.arraycopy(grey, 0, out, offset + c * size * size, size * size);
            }
            return;
        }
        float[] planes = new float[options.channels() * h * w];
        for (int i = 0; i < h * w; i++) {
            float v = grey[i] & 0xff;
            for (int c = 0; c < options.channels(); c++) {
                planes[c * h * w + i] = v;
            }
        }
        Resampler.resize(planes, options.channels(), h, w, size, out, offset);
    }

    private BufferedImage read(String entry, byte[] encoded) {
        // A memory-backed stream: ImageIO.read would otherwise spool every entry through a temp file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.hasNext() ? readers.next() : null;
            if (reader == null || !FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
                throw new InvalidContentException(
                        "Entry '" + entry + "' is not a PNG, JPEG, BMP or GIF image", entry, null);
            }
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > options.maxImagePixels()) {
                    throw new InvalidContentException("Entry '" + entry + "' has " + pixels
                            + " pixels, more than the limit of " + options.maxImagePixels(), entry, null);
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidContentException invalid) {
                throw invalid;
            }
            throw new InvalidContentException("Entry '" + entry + "' is a corrupt image: " + e.getMessage(), entry, e);
        }
    }

    /** Planar float pixels, C×H×W, values in [0, 255]. */
    private static float[] planes(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] planes = new float[channels * h * w];
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        if (raster.getNumBands() == 1 && !(model instanceof IndexColorModel)) {
            // Read grey samples directly: getRGB would push them through a linear-gray colour conversion.
            int bits = model.getComponentSize(0);
            float scale = 255f / ((1 << bits) - 1);
            int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < samples.length; i++) {
                float v = samples[i] * scale;
                for (int c = 0; c < channels; c++) {
                    planes[c * h * w + i] = v;
                }
            }
            return planes;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            int r = (argb[i] >> 16) & 0xff;
            int g = (argb[i] >> 8) & 0xff;
            int b = argb[i] & 0xff;
            if (channels == 1) {
                planes[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            } else {
                planes[i] = r;
                planes[h * w + i] = g;
                planes[2 * h * w + i] = b;
            }
        }
        return planes;
    }
}
