package io.metadiv.dataset;

import io.metadiv.dataset.format.ClassCounts;
import io.metadiv.episode.ImageSet;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A stored dataset: metadata of one tensor blob, which {@link #getChecksum()} identifies. */
@Entity
@Table(name = "dataset")
public class Dataset {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    private String name;

    @Enumerated(EnumType.STRING)
    private DatasetFormat format;

    @Column(name = "class_count")
    private int classCount;

    @Column(name = "image_count")
    private int imageCount;

    @Column(name = "min_images_per_class")
    private int minImagesPerClass;

    @Column(name = "median_images_per_class")
    private double medianImagesPerClass;

    @Column(name = "max_images_per_class")
    private int maxImagesPerClass;

    @Column(name = "image_size")
    private int imageSize;

    private int channels;

    @Column(name = "upload_bytes")
    private long uploadBytes;

    @Column(name = "blob_bytes")
    private long blobBytes;

    private String checksum;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "parent_id")
    private UUID parentId;

    private String selection;

    @ElementCollection
    @CollectionTable(name = "dataset_class", joinColumns = @JoinColumn(name = "dataset_id"))
    @OrderColumn(name = "label")
    private List<DatasetClass> classes = new ArrayList<>();

    protected Dataset() {
    }

    /** Metadata of freshly ingested images whose blob has the given checksum and length. */
    Dataset(String name, DatasetFormat format, ImageSet images, long uploadBytes, String checksum, long blobBytes) {
        ClassCounts counts = ClassCounts.of(images.labels(), images.numClasses());
        this.name = name;
        this.format = format;
        this.classCount = images.numClasses();
        this.imageCount = images.size();
        this.minImagesPerClass = counts.min();
        this.medianImagesPerClass = counts.median();
        this.maxImagesPerClass = counts.max();
        this.imageSize = images.height();
        this.channels = images.channels();
        this.uploadBytes = uploadBytes;
        this.checksum = checksum;
        this.blobBytes = blobBytes;
        this.createdAt = Instant.now();
        for (int label = 0; label < images.numClasses(); label++) {
            classes.add(new DatasetClass(images.classNames().get(label), counts.count(label)));
        }
    }

    /** A subset of {@code parent}, chosen by {@code selection} (JSON). */
    Dataset asChildOf(UUID parent, String selectionJson) {
        this.parentId = parent;
        this.selection = selectionJson;
        return this;
    }

    public UUID getParentId() {
        return parentId;
    }

    public String getSelection() {
        return selection;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public DatasetFormat getFormat() {
        return format;
    }

    public int getClassCount() {
        return classCount;
    }

    public int getImageCount() {
        return imageCount;
    }

    public int getMinImagesPerClass() {
        return minImagesPerClass;
    }

    public double getMedianImagesPerClass() {
        return medianImagesPerClass;
    }

    public int getMaxImagesPerClass() {
        return maxImagesPerClass;
    }

    /** Side of the square images in pixels. */
    public int getImageSize() {
        return imageSize;
    }

    /** 1 (grey) or 3 (RGB). */
    public int getChannels() {
        return channels;
    }

    /** Bytes received in the upload. */
    public long getUploadBytes() {
        return uploadBytes;
    }

    /** Bytes of the stored tensor blob. */
    public long getBlobBytes() {
        return blobBytes;
    }

    /** Lower-case hex SHA-256 of the tensor blob. */
    public String getChecksum() {
        return checksum;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** Classes in label order; lazily loaded, so read inside a transaction or fetch with an entity graph. */
    public List<DatasetClass> getClasses() {
        return classes;
    }
}
