package io.metadiv.dataset.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metadiv.episode.ImageSet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageFolderZipTests {

    private static final IngestOptions GREY_28 = IngestOptions.of(28, 1);

    private static ImageSet read(Map<String, byte[]> entries, IngestOptions options) throws IOException {
        return ImageFolderZip.read(new ByteArrayInputStream(TestArchives.zip(entries)), options);
    }

    @Test
    void nestedLeafFoldersBecomeSortedClassesAndTheWrappingFolderIsDropped() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("omniglot/", new byte[0]);
        entries.putAll(TestArchives.imageFolder("omniglot/greek/", 2, 3, 1));
        entries.putAll(TestArchives.imageFolder("omniglot/latin/", 1, 2, 2));
        entries.put("__MACOSX/omniglot/greek/class0/._img0.png", new byte[] {1, 2, 3});
        entries.put("omniglot/.DS_Store", new byte[] {1, 2, 3});

        ImageSet images = read(entries, GREY_28);

        assertThat(images.classNames()).containsExactly("greek/class0", "greek/class1", "latin/class0");
        assertThat(images.labels()).containsExactly(0, 0, 0, 1, 1, 1, 2, 2);
        assertThat(images.channels()).isEqualTo(1);
        assertThat(images.height()).isEqualTo(28);
    }

    @Test
    void entryOrderDoesNotChangeTheBlob() throws IOException {
        Map<String, byte[]> entries = TestArchives.imageFolder("", 3, 3, 7);
        List<String> names = new ArrayList<>(entries.keySet());
        Collections.reverse(names);
        Map<String, byte[]> reversed = new LinkedHashMap<>();
        names.forEach(n -> reversed.put(n, entries.get(n)));

        assertThat(checksum(read(entries, GREY_28))).isEqualTo(checksum(read(reversed, GREY_28)));
    }

    @Test
    void everySupportedFormatDecodesAndResizesToRgb() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String format : List.of("png", "jpeg", "bmp", "gif")) {
            entries.put("a/x." + format, TestArchives.image(format, 40, 30, 1));
            entries.put("b/x." + format, TestArchives.image(format, 13, 17, 2));
        }
        ImageSet images = read(entries, IngestOptions.of(16, 3));
        assertThat(images.size()).isEqualTo(8);
        assertThat(images.pixels()).hasSize(8 * 3 * 16 * 16);
    }

    @Test
    void shrinkingAveragesAreas() throws IOException {
        // A 56×56 checkerboard of single pixels averages to mid-grey at 28×28.
        BufferedImage checker = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                checker.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 255 : 0);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(checker, "png", png);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a/1.png", png.toByteArray());
        entries.put("a/2.png", png.toByteArray());
        entries.put("b/1.png", png.toByteArray());
        entries.put("b/2.png", png.toByteArray());

        ImageSet images = read(entries, GREY_28);

        for (byte pixel : images.pixels()) {
            assertThat(pixel & 0xff).isBetween(127, 128);
        }
    }

    @Test
    void unsafePathsAreRejected() {
        for (String name : List.of("../evil/x.png", "/etc/x/x.png", "a\\..\\x.png", "C:/x/y.png", "a/./b.png")) {
            Map<String, byte[]> entries = TestArchives.imageFolder("", 2, 2, 1);
            entries.put(name, TestArchives.png(9));
            assertThatThrownBy(() -> read(entries, GREY_28)).as(name)
                    .isInstanceOf(InvalidContentException.class).hasMessageContaining("unsafe path");
        }
    }

    @Test
    void inflatedBytesAndEntriesAreLimited() {
        Map<String, byte[]> bomb = TestArchives.imageFolder("", 2, 2, 1);
        bomb.put("a/zeros.png", new byte[5_000_000]);
        assertThatThrownBy(() -> read(bomb, new IngestOptions(28, 1, 1_000_000, 100, 1 << 24)))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("inflates to more than 1000000");

        Map<String, byte[]> many = TestArchives.imageFolder("", 2, 2, 1);
        for (int i = 0; i < 20; i++) {
            many.put("dir" + i + "/", new byte[0]);
        }
        assertThatThrownBy(() -> read(many, new IngestOptions(28, 1, 1 << 30, 10, 1 << 24)))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("more than 10 entries");
    }

    @Test
    void aNonImageEntryIsNamed() {
        Map<String, byte[]> entries = TestArchives.imageFolder("", 2, 2, 1);
        entries.put("class1/notes.png", "hello".getBytes());
        assertThatThrownBy(() -> read(entries, GREY_28)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("class1/notes.png")
                .satisfies(e -> assertThat(((InvalidContentException) e).entry()).isEqualTo("class1/notes.png"));
    }

    @Test
    void tooFewClassesOrImagesAreRejected() {
        assertThatThrownBy(() -> read(TestArchives.imageFolder("", 1, 3, 1), GREY_28))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("at least 2");
        Map<String, byte[]> lonely = TestArchives.imageFolder("", 2, 2, 1);
        lonely.put("solo/x.png", TestArchives.png(5));
        assertThatThrownBy(() -> read(lonely, GREY_28)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("Class 'solo' has 1 image");
    }

    @Test
    void aFolderWithImagesAndClassSubFoldersIsRejected() {
        Map<String, byte[]> entries = TestArchives.imageFolder("greek/", 2, 2, 1);
        entries.put("greek/stray.png", TestArchives.png(3));
        entries.put("greek/stray2.png", TestArchives.png(4));
        assertThatThrownBy(() -> read(entries, GREY_28)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("Folder 'greek' holds images and also the class folder 'greek/class0'");
    }

    @Test
    void notAZipIsUnknownContent() {
        assertThatThrownBy(() -> ImageFolderZip.read(new ByteArrayInputStream("hello".getBytes()), GREY_28))
                .isInstanceOf(UnknownContentException.class);
    }

    private static String checksum(ImageSet images) throws IOException {
        return TensorBlob.write(images, new ByteArrayOutputStream()).sha256();
    }
}
