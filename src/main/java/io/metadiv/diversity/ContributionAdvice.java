package io.metadiv.diversity;

import io.metadiv.diversity.ClassContributions.ClassContribution;
import io.metadiv.diversity.ClassContributions.Effect;
import io.metadiv.diversity.ClassContributions.ClassNearDuplicate;
import io.metadiv.diversity.ClassContributions.ClassRanking;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Plain sentences from {@link ClassContributions}: which groups and classes add the most diversity, which lower it,
 * which are near-duplicates of each other, and which have no estimate. Only what an interval resolves is claimed.
 */
public final class ContributionAdvice {

    /** Units named in one sentence; the others are counted. */
    static final int NAMED = 3;

    private ContributionAdvice() {
    }

    /**
     * The advice, groups first.
     *
     * @param classes the class level
     * @param groups the group level, or null when the dataset has no groups
     */
    public static List<String> of(ClassRanking classes, ClassRanking groups) {
        List<String> advice = new ArrayList<>();
        if (groups != null) {
            level(advice, groups, "group", "groups");
        }
        level(advice, classes, "class", "classes");
        return List.copyOf(advice);
    }

    private static void level(List<String> advice, ClassRanking r, String one, String many) {
        List<ClassContribution> estimated = r.contributions().stream().filter(c -> c.rank() != null).toList();
        List<ClassContribution> adding = estimated.stream().filter(c -> c.effect() == Effect.ADDS).toList();
        List<ClassContribution> lowering = estimated.stream().filter(c -> c.effect() == Effect.LOWERS).toList();
        if (!adding.isEmpty()) {
            ClassContribution top = adding.get(0);
            advice.add(capital(one) + " " + top.name() + " adds the most diversity: without its tasks the coefficient "
                    + "falls from " + f(r.coefficient()) + " to " + f(top.withoutCoefficient()) + " ("
                    + interval(top) + ").");
            if (adding.size() > 1) {
                advice.add(capital(many) + " that also add diversity: " + named(adding.subList(1, adding.size())
                        .stream().map(c -> c.name() + " (" + interval(c) + ")").toList()) + ".");
            }
        } else if (!estimated.isEmpty()) {
            advice.add("No " + one + " adds diversity that this score resolves: every " + one + "'s 95% interval "
                    + "reaches 0 or below (a score with more tasks narrows them).");
        }
        if (!lowering.isEmpty()) {
            advice.add(capital(many) + " whose tasks are closer to the rest than the rest are to each other, so that "
                    + "the coefficient rises without them: " + named(lowering.stream().map(c -> c.name() + " (to "
                    + f(c.withoutCoefficient()) + ")").toList()) + ".");
        }
        List<ClassNearDuplicate> near = r.nearDuplicates();
        for (ClassNearDuplicate n : near.subList(0, Math.min(NAMED, near.size()))) {
            advice.add(capital(many) + " " + n.a() + " and " + n.b() + " are near-duplicates: their tasks are "
                    + f(n.meanDistance()) + " apart on average, " + String.format(Locale.ROOT, "%.2f", n.ratio())
                    + " × the coefficient " + f(r.coefficient()) + "; keeping one of them loses little diversity.");
        }
        if (near.size() > NAMED) {
            advice.add((near.size() - NAMED) + " more near-duplicate pairs of " + many + " are listed.");
        }
        List<String> unestimated = r.contributions().stream().filter(c -> c.rank() == null).map(ClassContribution::name)
                .toList();
        if (!unestimated.isEmpty()) {
            boolean single = unestimated.size() == 1;
            advice.add("No estimate for " + unestimated.size() + " " + (single ? one : many) + " ("
                    + named(unestimated) + "): " + (single ? "it is" : "each is") + " in fewer than "
                    + ClassContributions.MIN_TASKS + " of the " + r.tasks() + " tasks, or in all but fewer than "
                    + ClassContributions.MIN_TASKS + " (" + (single ? "its" : "each one's") + " reason says which).");
        }
    }

    /** The first {@link #NAMED}, then a count. */
    private static String named(List<String> names) {
        String shown = names.stream().limit(NAMED).collect(Collectors.joining(", "));
        return names.size() > NAMED ? shown + " and " + (names.size() - NAMED) + " more" : shown;
    }

    private static String interval(ClassContribution c) {
        return "contribution " + String.format(Locale.ROOT, "%+.3f, 95%% CI %+.3f to %+.3f", c.contribution(),
                c.ci95Low(), c.ci95High());
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
