package io.metadiv.diversity;

/**
 * Task2Vec's normalised cosine distance: {@code d(e1, e2) = 1 − cos(e1/(e1+e2), e2/(e1+e2))}, element-wise
 * division, in double precision as the reference's {@code normalized_cosine_distance}. Symmetric, 0 for identical
 * embeddings, at most 1 for non-negative embeddings (Fisher diagonals are non-negative).
 */
public final class TaskDistance {

    /** Added to denominators so all-zero entries do not divide by zero (the reference's {@code eps}). */
    public static final double EPS = 1e-12;

    private TaskDistance() {
    }

    /**
     * The normalised cosine distance.
     *
     * @param e1 embedding, non-negative entries
     * @param e2 embedding of the same length
     * @return distance in [0, 1] for non-negative inputs
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double between(float[] e1, float[] e2) {
        if (e1.length != e2.length) {
            throw new IllegalArgumentException("embeddings differ in length: " + e1.length + " vs " + e2.length
                    + " (were they made with the same probe?)");
        }
        double dot = 0;
        double n1 = 0;
        double n2 = 0;
        for (int i = 0; i < e1.length; i++) {
            double s = (double) e1[i] + e2[i] + EPS;
            double a = e1[i] / s;
            double b = e2[i] / s;
            dot += a * b;
            n1 += a * a;
            n2 += b * b;
        }
        return 1.0 - dot / (Math.sqrt(n1) * Math.sqrt(n2) + EPS);
    }
}
