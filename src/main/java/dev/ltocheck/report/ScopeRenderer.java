package dev.ltocheck.report;

import dev.ltocheck.kbuild.FixScope;
import dev.ltocheck.kbuild.ScopeFix;
import dev.ltocheck.kbuild.ScopePlan;

import java.io.PrintWriter;

/**
 * {@code ltocheck fix --scope}: which scope was chosen and why each other one was or was not, then
 * the chosen fix as '#' lines and its diff (so the output still pipes into {@code git apply}).
 * A per-object choice is followed by {@link FixRenderer}'s usual output.
 */
public final class ScopeRenderer {
    private ScopeRenderer() {
    }

    /** The scope lines alone, before a per-object plan. */
    public static void renderHeader(ScopePlan plan, PrintWriter out) {
        out.println("# ltocheck fix --scope " + plan.asked() + ": " + title(plan.chosen().scope()) + " (" + plan.reason() + ")");
        out.println("#");
        out.println("# Scopes" + (plan.asked() == FixScope.auto ? ", in the order --scope auto prefers them:" : ":"));
        for (ScopeFix s : plan.considered()) {
            String state = s == plan.chosen() ? "chosen" : !s.applicable() ? "not applicable"
                    : !s.verified() ? "not verified" : "also works, not chosen";
            if (!s.applicable() && !s.why().isEmpty() && s.why().get(0).startsWith("not considered")) {
                out.println("#   " + s.scope() + ": " + s.why().get(0));
                continue;
            }
            out.println("#   " + s.scope() + ": " + state + verdictWord(s));
            s.why().forEach(w -> out.println("#     " + w));
        }
        out.println("#");
    }

    public static void render(ScopePlan plan, PrintWriter out) {
        renderHeader(plan, out);
        ScopeFix fix = plan.chosen();
        out.println("# The fix (" + title(fix.scope()) + "):");
        fix.changes().forEach(c -> out.println("#   " + c));
        out.println("#");
        out.println("# " + verdict(fix));
        if (fix.patch() != null && !fix.patch().edits().isEmpty()) {
            out.println("#");
            fix.patch().unifiedDiff().forEach(out::println);
        }
    }

    private static String verdictWord(ScopeFix s) {
        if (!s.applicable() || s.after() == null) {
            return "";
        }
        return s.verified() ? " (verified)" : " (" + Plural.count(s.after().errors().size(), "failing import pair")
                + " would remain)";
    }

    static String title(FixScope scope) {
        return switch (scope) {
            case object -> "per object";
            case directory -> "per kbuild folder";
            case flag -> "make the flag agree at its source";
            case config -> "a Kconfig dependency";
            case auto -> "auto";
        };
    }

    static String verdict(ScopeFix fix) {
        int remaining = fix.after().errors().size();
        String which = fix.modelled() == null ? "with the objects the patch takes out of LTO"
                : "modelled with " + fix.modelled();
        if (fix.verified()) {
            return "Verified: " + which + ", no import crosses conflicting module flags.";
        }
        return "Not verified: " + which + ", " + (remaining == 0
                ? "no import crosses conflicting module flags, but the patch does not do all of the above."
                : Plural.count(remaining, "failing import pair") + " remain.");
    }
}
