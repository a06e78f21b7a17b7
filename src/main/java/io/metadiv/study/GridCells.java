package io.metadiv.study;

import io.metadiv.dataset.Selection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The subsets of a quantity-vs-variety study, from the dataset's class names and the grid: one seeded order of the
 * classes, whose first {@code heldOutClasses} are held out (the meta-test classes of every cell, with all their
 * images) and whose rest are the training pool; a cell with c classes and m images per class trains on the pool's
 * first c classes, each cut to m images. Cells are classes-major: position {@code i} is classes level
 * {@code i / levels(imagesPerClass)} and images level {@code i % levels(imagesPerClass)}.
 *
 * @param heldOut the held-out class names
 * @param pool the training classes in the order cells take them
 */
record GridCells(List<String> heldOut, List<String> pool, List<Cell> cells) {

    /**
     * One cell.
     *
     * @param selection the cell's dataset: its training classes first, the held-out ones last (so an in-order split
     *     makes them meta-test), training classes capped at {@code imagesPerClass}, held-out ones uncapped
     * @param training the training classes alone, all their images: what the diversity score measures
     */
    record Cell(int classes, int imagesPerClass, Selection selection, Selection training) {

        /** Meta-train, meta-val, meta-test class counts for an in-order split of the cell's dataset. */
        List<Double> split(int heldOut) {
            return List.of((double) classes, 0.0, (double) heldOut);
        }
    }

    /** The cells of {@code grid} (resolved: every field set) over a dataset with these class names. */
    static GridCells of(List<String> classNames, StudyRequest.Grid grid) {
        List<String> order = new ArrayList<>(classNames);
        Collections.shuffle(order, new Random(grid.seed()));
        int held = grid.heldOutClasses();
        List<String> heldOut = List.copyOf(order.subList(0, held));
        List<String> pool = List.copyOf(order.subList(held, order.size()));
        List<Cell> cells = new ArrayList<>();
        for (int c : grid.classes()) {
            List<String> training = pool.subList(0, Math.min(c, pool.size()));
            List<String> all = new ArrayList<>(training);
            all.addAll(heldOut);
            for (int m : grid.imagesPerClass()) {
                cells.add(new Cell(c, m, new Selection(all, null, null, m, grid.seed(), heldOut),
                        new Selection(List.copyOf(training), null, null, null, null, null)));
            }
        }
        return new GridCells(heldOut, pool, cells);
    }

    /** The cell at a study position. */
    static int[] levels(StudyRequest.Grid grid, int position) {
        int m = grid.imagesPerClass().size();
        return new int[] {grid.classes().get(position / m), grid.imagesPerClass().get(position % m)};
    }
}
