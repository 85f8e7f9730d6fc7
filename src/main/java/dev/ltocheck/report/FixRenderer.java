package dev.ltocheck.report;

import dev.ltocheck.kbuild.FixPlan;
import dev.ltocheck.kbuild.ObjectFix;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code ltocheck fix}: the explanation as '#' lines (which git apply and patch skip), then the
 * unified diff, so the whole output can be piped into {@code git apply}.
 */
public final class FixRenderer {
    /** How the advice is phrased for builds ltocheck cannot patch. */
    public enum BuildSystem { make, cmake, none }

    private FixRenderer() {
    }

    public static void render(FixPlan plan, List<String> diff, BuildSystem buildSystem, PrintWriter out) {
        if (plan.objects().isEmpty()) {
            out.println("# ltocheck fix: no import crosses conflicting module flags; nothing to change.");
            return;
        }
        int pairs = 0;
        out.println("# ltocheck fix: take " + FlagsTextRenderer.count(plan.objects().size(), "object") + " out of LTO, "
                + (plan.fullLto() ? "every module whose flags cannot merge with the largest flag class (full LTO merges"
                + " every module into ld-temp.o)"
                : plan.robust() ? "every module of the minority flag class (--robust)"
                : plan.minimal() ? "a minimum vertex cover of the failing import pairs (ties to the minority flag class)"
                : "a small cover of the failing import pairs (three flag classes conflict: not proven minimal)"));
        out.println("#");
        for (ObjectFix f : plan.objects()) {
            out.println("# " + f.object() + "  [" + f.module() + "]  " + String.join(", ", f.keys().stream()
                    .map(k -> "'" + k + "'").toList()));
            if (!f.options().isEmpty()) {
                out.println("#   compiled with " + String.join(" ", f.options()) + " ("
                        + f.object().resolveSibling("." + f.object().getFileName() + ".cmd") + ")");
            }
            if (f.introducedBy() != null) {
                out.println("#   set by " + f.owner().kbuildFile() + ":" + f.introducedAt() + ": " + f.introducedBy().strip());
            }
            if (f.alreadyFixed()) {
                out.println("#   " + f.owner().kbuildFile() + " already has " + f.removeLine() + ": nothing to add, but the object"
                        + " was built before it (still LLVM bitcode): rebuild with make");
            } else if (f.owner() != null) {
                out.println("#   add " + f.removeLine() + " to " + f.owner().kbuildFile()
                        + (f.introducedAt() > 0 ? " after line " + f.introducedAt() : " at the end"));
            } else {
                out.println("#   " + advice(f, buildSystem));
            }
            pairs++;
        }
        out.println("#");
        out.println("# Alternatives, by how many of the " + plan.modules() + " LTO modules stay in LTO:");
        for (FixPlan.Alternative a : plan.alternatives()) {
            out.println("#   " + a.keptInLto() + ": " + a.description());
        }
        out.println("#");
        out.println(!plan.verified() ? "# Not enough: with these objects outside LTO, "
                + (plan.after().errors().isEmpty() ? "full LTO still cannot merge every module into ld-temp.o."
                : FlagsTextRenderer.count(plan.after().errors().size(), "failing import pair") + " remain.")
                : plan.fullLto() ? "# Verified: with these objects outside LTO, every full-LTO module merges into ld-temp.o"
                + " and no import crosses conflicting module flags."
                : "# Verified: with these objects outside LTO, no import crosses conflicting module flags.");
        if (!diff.isEmpty()) {
            out.println("#");
            diff.forEach(out::println);
        }
    }

    private static String advice(ObjectFix f, BuildSystem buildSystem) {
        String object = f.object().toString();
        String source = object.endsWith(".o") ? object.substring(0, object.length() - 2) + ".c" : object;
        return switch (buildSystem) {
            case cmake -> "set_source_files_properties(" + source + " PROPERTIES COMPILE_OPTIONS -fno-lto)";
            case make -> "no kbuild file lists " + object + ": compile it with -fno-lto appended to its flags";
            case none -> "compile " + source + " without LTO: append -fno-lto to its compile flags";
        };
    }
}
