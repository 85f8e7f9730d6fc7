package dev.ltocheck.report;

import dev.ltocheck.kbuild.FixScope;
import dev.ltocheck.kbuild.ScopeFix;
import dev.ltocheck.kbuild.ScopePlan;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ltocheck fix --scope}, answer first: line 1 the scope chosen and whether its fix was
 * verified, then what fails (each differing flag, its values, the modules on each side), then why
 * this scope fits, the chosen change and what its verdict rests on, then the other scopes with why each was or was not
 * chosen, and last the diff (every line before it a '#' line, so the output pipes into
 * {@code git apply}). A per-object choice has {@link FixRenderer}'s usual output as its change.
 */
public final class ScopeRenderer {
    private ScopeRenderer() {
    }

    /** Line 1 and what fails, before a per-object plan (whose output follows, then {@link #alternatives}). */
    public static void renderHeader(ScopePlan plan, PrintWriter out) {
        ScopeFix fix = plan.chosen();
        out.println("# ltocheck fix --scope " + plan.asked() + ": " + title(fix.scope()) + ", "
                + (fix.verified() && fix.pending().isEmpty() ? "verified" : "NOT verified") + " (" + plan.reason() + ")");
        if (!plan.failing().isEmpty()) {
            out.println("#");
            out.println("# What fails:");
            plan.failing().forEach(f -> out.println("#   " + f));
        }
        out.println("#");
    }

    public static void render(ScopePlan plan, PrintWriter out) {
        renderHeader(plan, out);
        ScopeFix fix = plan.chosen();
        if (!fix.why().isEmpty()) {
            out.println("# Why this scope:");
            fix.why().forEach(w -> out.println("#   " + w));
            out.println("#");
        }
        out.println("# The fix (" + title(fix.scope()) + "):");
        fix.changes().forEach(c -> out.println("#   " + c));
        out.println("#");
        out.println("# " + verdict(fix));
        fix.checks().forEach(c -> out.println("#   " + c));
        alternatives(plan).forEach(out::println);
        if (fix.patch() != null && !fix.patch().edits().isEmpty()) {
            out.println("#");
            BytePrintWriter.writeBytes(out, fix.patch().unifiedDiff());
        }
    }

    /** The scopes not chosen, each with why: '#' lines, a blank '#' line first. */
    public static List<String> alternatives(ScopePlan plan) {
        List<String> lines = new ArrayList<>();
        lines.add("#");
        lines.add("# Other scopes" + (plan.asked() == FixScope.auto ? ", in the order --scope auto prefers them:" : ":"));
        for (ScopeFix s : plan.considered()) {
            if (s == plan.chosen()) {
                continue;
            }
            if (s.fit() == ScopeFix.Fit.NOT_CONSIDERED) {
                lines.add("#   " + s.scope() + ": " + String.join("; ", s.why()));
                continue;
            }
            lines.add("#   " + s.scope() + ": " + state(plan, s));
            s.why().forEach(w -> lines.add("#     " + w));
            if (s.applicable()) {
                s.checks().forEach(c -> lines.add("#     " + c));
            }
        }
        return lines;
    }

    private static String state(ScopePlan plan, ScopeFix s) {
        if (!s.applicable()) {
            return "not chosen: does not fit this link";
        }
        if (!s.verified() || s.after() == null) {
            return "not chosen: not verified" + (s.after() == null ? "" : s.after().errors().isEmpty()
                    ? " (the patch does not do all of it)"
                    : " (" + Plural.count(s.after().errors().size(), "failing import pair") + " would remain)");
        }
        return "also works (verified), not chosen: " + (plan.asked() == FixScope.auto
                ? "--scope auto prefers " + plan.chosen().scope()
                : "--scope " + plan.asked() + " was asked for");
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
        if (fix.scope() == FixScope.config) {
            // What the Kconfig line does is said in its two parts (the current choice, the other one) below.
            return (fix.verified() ? "Verified" : "Not verified") + ", for each choice the Kconfig line leaves:";
        }
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
