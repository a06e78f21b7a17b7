package io.metadiv.study.analysis;

import io.metadiv.training.RunSpec.Method;
import java.util.Locale;

/** Number and name formatting shared by the verdict sentences and the plots, so both say the same thing. */
final class StudyText {

    /** Slopes are stated per 0.1 of diversity: datasets differ by tenths, not whole units, of the coefficient. */
    static final double DIVERSITY_STEP = 0.1;

    private StudyText() {
    }

    /** HO-MAML, FO-MAML, PT. */
    static String name(Method method) {
        return switch (method) {
            case HO_MAML -> "HO-MAML";
            case FO_MAML -> "FO-MAML";
            case PT -> "PT";
        };
    }

    /** One decimal. */
    static String num(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** One decimal with a sign: +2.3, -0.4. */
    static String signed(double d) {
        return String.format(Locale.ROOT, "%+.1f", d);
    }

    /** Two decimals (R², r). */
    static String num2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    /** A slope per unit of diversity as points per 0.1 of diversity. */
    static String perStep(double slopePerUnit) {
        return num(slopePerUnit * DIVERSITY_STEP);
    }

    /** "p = 0.41", "p = 0.004", "p < 0.001". */
    static String p(double p) {
        if (p < 0.001) {
            return "p < 0.001";
        }
        return "p = " + String.format(Locale.ROOT, p < 0.01 ? "%.3f" : "%.2f", p);
    }

    /** A 95% CI as "[low, high]", per 0.1 of diversity. */
    static String interval(double low, double high) {
        return "[" + perStep(low) + ", " + perStep(high) + "]";
    }

    /** CPU or wall time in minutes under an hour, in hours above. */
    static String duration(double seconds, String kind) {
        return seconds < 3600 ? num(seconds / 60) + " " + kind + "-minutes" : num(seconds / 3600) + " " + kind
                + "-hours";
    }
}
