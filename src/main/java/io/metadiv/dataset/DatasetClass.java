package io.metadiv.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One class of a dataset: its name and how many images it has. The label is its position in the dataset. */
@Embeddable
public class DatasetClass {

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "image_count", nullable = false)
    private int images;

    protected DatasetClass() {
    }

    DatasetClass(String name, int images) {
        this.name = name;
        this.images = images;
    }

    /** Class name: the folder path relative to the archive, or the IDX label value. */
    public String getName() {
        return name;
    }

    /** Images in this class. */
    public int getImages() {
        return images;
    }
}
