package io.metadiv.dataset.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metadiv.episode.ImageSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IdxPairTests {

    private static ImageSet read(byte[] images, byte[] labels, IngestOptions options) throws IOException {
        return IdxPair.read(new ByteArrayInputStream(images), new ByteArrayInputStream(labels), options);
    }

    @Test
    void gzipIsRecognisedByMagicAndPixelsArePreservedAtNativeSize() throws IOException {
        byte[] plain = TestArchives.idxImages(6, 28, 28, 3, false);
        ImageSet images = read(TestArchives.idxImages(6, 28, 28, 3, true),
                TestArchives.idxLabels(new int[] {7, 3, 7, 3, 9, 9}, false), IngestOptions.of(28, 1));

        assertThat(images.classNames()).containsExactly("3", "7", "9");
        assertThat(images.labels()).containsExactly(1, 0, 1, 0, 2, 2);
        assertThat(images.pixels()).isEqualTo(Arrays.copyOfRange(plain, 16, plain.length));
    }

    @Test
    void resizesAndReplicatesToRgb() throws IOException {
        ImageSet images = read(TestArchives.idxImages(4, 28, 28, 3, false),
                TestArchives.idxLabels(TestArchives.roundRobin(4, 2), true), IngestOptions.of(14, 3));
        assertThat(images.pixels()).hasSize(4 * 3 * 14 * 14);
        assertThat(Arrays.copyOfRange(images.pixels(), 0, 196))
                .isEqualTo(Arrays.copyOfRange(images.pixels(), 196, 392));
    }

    @Test
    void mismatchedCountsAreRejected() {
        assertThatThrownBy(() -> read(TestArchives.idxImages(6, 28, 28, 3, false),
                TestArchives.idxLabels(TestArchives.roundRobin(5, 2), false), IngestOptions.of(28, 1)))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("6 images").hasMessageContaining("5 labels");
    }

    @Test
    void truncatedImagesAreRejected() {
        byte[] images = TestArchives.idxImages(6, 28, 28, 3, false);
        assertThatThrownBy(() -> read(Arrays.copyOf(images, images.length - 100),
                TestArchives.idxLabels(TestArchives.roundRobin(6, 2), false), IngestOptions.of(28, 1)))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("ends after 5 of 6");
    }

    @Test
    void swappedPartsAndForeignFilesAreTold() {
        byte[] images = TestArchives.idxImages(6, 28, 28, 3, false);
        byte[] labels = TestArchives.idxLabels(TestArchives.roundRobin(6, 2), false);
        assertThatThrownBy(() -> read(labels, images, IngestOptions.of(28, 1)))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("3 dimension");
        assertThatThrownBy(() -> read("PK not idx".getBytes(), labels, IngestOptions.of(28, 1)))
                .isInstanceOf(UnknownContentException.class);
    }

    @Test
    void blobRoundTripsAndItsChecksumIsStable() throws IOException {
        ImageSet images = read(TestArchives.idxImages(6, 28, 28, 3, false),
                TestArchives.idxLabels(TestArchives.roundRobin(6, 3), false), IngestOptions.of(28, 1));
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        TensorBlob.Written written = TensorBlob.write(images, first);
        ImageSet back = TensorBlob.read(new ByteArrayInputStream(first.toByteArray()));

        assertThat(written.bytes()).isEqualTo(first.size());
        assertThat(back.pixels()).isEqualTo(images.pixels());
        assertThat(back.labels()).isEqualTo(images.labels());
        assertThat(back.classNames()).isEqualTo(images.classNames());
        assertThat(TensorBlob.write(back, new ByteArrayOutputStream()).sha256()).isEqualTo(written.sha256());
    }
}
