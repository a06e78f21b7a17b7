package io.metadiv.episode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A deterministic split of class indices into disjoint meta-train, meta-val and meta-test sets.
 *
 * <p>Sizes follow the reference ({@code data.split_classes}): {@code nTrain = round(f0·n)},
 * {@code nVal = round(f1·n)} (round half to even, fractions normalised to sum 1), the rest is meta-test.
 * Which classes land where is {@code numpy.random.default_rng(seed).permutation(n)}, reproduced bit for bit,
 * so a split equals the reference's for the same seed.
 *
 * @param train meta-train class indices, ascending
 * @param val meta-val class indices, ascending
 * @param test meta-test class indices, ascending
 */
public record ClassSplit(List<Integer> train, List<Integer> val, List<Integer> test) {

    /** Number of fractions a split takes: train, val, test. */
    public static final int PARTS = 3;
    /** Default split seed (the reference bench's). */
    public static final long DEFAULT_SEED = 0L;
    /** Default fractions, as the reference bench's {@code --split}. */
    public static final List<Double> DEFAULT_FRACTIONS = List.of(0.6, 0.2, 0.2);

    /** Copies the lists so the split is immutable. */
    public ClassSplit {
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
    }

    /**
     * Splits {@code numClasses} classes.
     *
     * @param numClasses number of classes, at least 1
     * @param fractions train, val, test fractions (non-negative, positive sum; normalised)
     * @param seed permutation seed (non-negative, numpy semantics); equal arguments give equal splits
     * @return the split
     * @throws IllegalArgumentException on a bad class count or bad fractions
     */
    public static ClassSplit of(int numClasses, double[] fractions, long seed) {
        return of(numClasses, fractions, seed, false);
    }

    /**
     * Splits {@code numClasses} classes, shuffled with {@code seed} or, {@code inOrder}, in label order: the first
     * classes meta-train, then meta-val, the last meta-test (so a caller that orders a dataset's classes chooses the
     * meta-test classes, as a study that holds classes out does).
     *
     * @throws IllegalArgumentException on a bad class count or bad fractions
     */
    public static ClassSplit of(int numClasses, double[] fractions, long seed, boolean inOrder) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("need at least 1 class to split, got " + numClasses);
        }
        if (fractions == null || fractions.length != PARTS) {
            throw new IllegalArgumentException("split needs 3 fractions (train,val,test), got "
                    + (fractions == null ? "none" : Arrays.toString(fractions)));
        }
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("split fractions must be finite and >= 0: "
                        + Arrays.toString(fractions));
            }
            sum += f;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("split fractions must not all be 0: " + Arrays.toString(fractions));
        }
        int nTrain = Math.min(numClasses, (int) Math.rint(fractions[0] / sum * numClasses));
        int nVal = Math.min(numClasses - nTrain, (int) Math.rint(fractions[1] / sum * numClasses));
        int[] perm = inOrder ? java.util.stream.IntStream.range(0, numClasses).toArray()
                : NumpyPermutation.permutation(numClasses, seed);
        return new ClassSplit(sorted(perm, 0, nTrain), sorted(perm, nTrain, nTrain + nVal),
                sorted(perm, nTrain + nVal, numClasses));
    }

    /**
     * Parses {@code "0.6,0.2,0.2"} into three fractions.
     *
     * @param text comma-separated train,val,test fractions
     * @return the fractions
     * @throws IllegalArgumentException when there are not exactly three numbers
     */
    public static double[] parseFractions(String text) {
        String[] parts = text.split(",");
        if (parts.length != PARTS) {
            throw new IllegalArgumentException("split must be 'train,val,test' fractions, got '" + text + "'");
        }
        double[] f = new double[PARTS];
        for (int i = 0; i < PARTS; i++) {
            f[i] = Double.parseDouble(parts[i].trim());
        }
        return f;
    }

    private static List<Integer> sorted(int[] perm, int from, int to) {
        List<Integer> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(perm[i]);
        }
        Collections.sort(out);
        return out;
    }
}
