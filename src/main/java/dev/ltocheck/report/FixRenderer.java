package dev.ltocheck.report;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.kbuild.CmdFile;
import dev.ltocheck.kbuild.FixPlan;
import dev.ltocheck.kbuild.ObjectFix;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.text.Cut;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code ltocheck fix}: the explanation as '#' lines (which git apply and patch skip), then the
 * unified diff, so the whole output can be piped into {@code git apply}.
 */
public final class FixRenderer {
    /** How the advice is phrased for builds ltocheck cannot patch. */
    public enum BuildSystem { make, cmake, none }

    private FixRenderer() {
    }

    /**
     * The note check says after a module whose flags LLVM did not confirm ({@link ReadByLtocheckOnly}),
     * by lld's name for the module, "" for the others: fix says it where it names the module too.
     */
    public static Function<String, String> readByLtocheckOnly(ModuleSet modules) {
        Map<String, String> notes = new HashMap<>();
        modules.bitcode().forEach(m -> {
            ReadByLtocheckOnly why = ReadByLtocheckOnly.of(m);
            if (why != null) {
                notes.put(m.id().lldName(), why.note());
            }
        });
        return name -> notes.getOrDefault(name, "");
    }

    /**
     * The plan, its verdict, '#' lines said after the verdict and before the diff, then the diff.
     *
     * @param diff {@link dev.ltocheck.kbuild.MakefilePatch#unifiedDiff}'s bytes, written as they are
     * @param onlyOurs the note after a module read by ltocheck only ({@link #readByLtocheckOnly})
     */
    public static void render(FixPlan plan, byte[] diff, BuildSystem buildSystem, List<String> beforeDiff,
                              Function<String, String> onlyOurs, PrintWriter out) {
        if (plan.objects().isEmpty()) {
            out.println("# ltocheck fix: no import crosses conflicting module flags; nothing to change.");
            return;
        }
        out.println("# ltocheck fix: take " + Plural.count(plan.objects().size(), "object") + " out of LTO, "
                + (plan.fullLto() ? "every module whose flags cannot merge with the largest flag class (full LTO merges"
                + " every module into ld-temp.o)"
                : plan.robust() ? "every module of the minority flag class (--robust)"
                : plan.minimal() ? "a minimum vertex cover of the failing import pairs (ties to the minority flag class)"
                : "a small cover of the failing import pairs (three flag classes conflict: not proven minimal)"));
        out.println("#");
        for (ObjectFix f : plan.objects()) {
            out.println("# " + f.object() + "  [" + f.module() + "]" + onlyOurs.apply(f.module()) + "  " + String.join(", ", f.keys().stream()
                    .map(k -> "'" + k + "'").toList()));
            if (!f.options().isEmpty()) {
                out.println("#   compiled with " + String.join(" ", f.options()) + " ("
                        + CmdFile.of(f.object()) + ")");
            }
            if (f.owner() != null && f.owner().note() != null) {
                out.println("#   " + f.owner().note());
            }
            if (f.introducedBy() != null) {
                out.println("#   set by " + f.owner().kbuildFile() + ":" + f.introducedAt() + ": " + f.introducedBy().strip());
            }
            if (f.alreadyFixed()) {
                out.println("#   " + f.owner().kbuildFile() + " already has " + f.removeLine() + ": nothing to add, but the object"
                        + " was built before it (still LLVM bitcode): rebuild with make");
            } else if (f.owner() != null) {
                out.println("#   add " + f.removeLine() + " to " + f.owner().kbuildFile()
                        + (f.insertAfter() > 0 ? " after line " + f.insertAfter() : " at the end"));
            } else {
                out.println("#   " + advice(f, buildSystem));
            }
            if (f.owner() != null && plan.unhandled().contains(f)) {
                out.println("#   the patch leaves it in LTO: " + whyUnhandled(f));
            }
        }
        out.println("#");
        out.println("# Alternatives, by how many of the " + plan.modules() + " LTO modules stay in LTO:");
        for (FixPlan.Alternative a : plan.alternatives()) {
            boolean cut = false;
            StringBuilder line = new StringBuilder("#   " + a.keptInLto() + ": " + a.description());
            for (FixPlan.Named n : a.lists()) {
                line.append(' ').append(n.lead()).append(": ").append(String.join(", ", n.listed()
                        ? n.names().stream().limit(CheckTextRenderer.LIST_LIMIT).toList() : n.names()));
                if (n.listed() && n.names().size() > CheckTextRenderer.LIST_LIMIT) {
                    line.append(Cut.after(n.names().size(), CheckTextRenderer.LIST_LIMIT));
                    cut = true;
                }
                line.append(';');
            }
            out.println(line);
            if (cut) {
                // fix has no --detail: check --detail lists every import of every failing pair.
                out.println("#      every function and variable that crosses: ltocheck check --detail");
            }
        }
        out.println("#");
        verdict(plan).forEach(l -> out.println("# " + l));
        beforeDiff.forEach(out::println);
        if (diff.length > 0) {
            out.println("#");
            BytePrintWriter.writeBytes(out, diff);
        }
    }

    /**
     * A ProfileSummary conflict: the fix is a rebuild of the objects built from another profile, not
     * a Makefile change. The answer first (what to run, and how it was verified), then the profiles
     * and the fields that differ; the per-object plan only as a labelled alternative, with no diff.
     *
     * @param after the link modelled with those objects rebuilt ({@link ProfileMismatch#afterRebuild})
     * @param notes lines said after the verdict (a --scope that does not apply)
     */
    public static void renderRebuild(ProfileMismatch p, CheckResult after, FixPlan plan, List<String> notes,
                                     Function<String, String> onlyOurs, PrintWriter out) {
        List<ProfileMismatch.Built> minority = p.minority();
        int n = minority.size();
        out.println("# ltocheck fix: rebuild " + (n == 1 ? "1 object" : "these " + n + " objects")
                + " from the profile the rest use; no Makefile change (this output has no patch)");
        out.println("#   " + ProfileMismatchText.rebuildCommand(minority));
        boolean passes = after.passes();
        out.println("# " + (passes ? "Verified" : "Not verified") + ": modelled with " + (n == 1 ? "it" : "them")
                + " carrying the ProfileSummary of the other " + Plural.count(p.majority().objects().size(), "module")
                + ", " + (passes ? "no import crosses conflicting module flags."
                : Plural.count(after.errors().size(), "failing import pair") + " remain."));
        notes.forEach(note -> out.println("# " + note));
        java.io.StringWriter text = new java.io.StringWriter();
        ProfileMismatchText.render(p, ProfileMismatchText.FIX, TextStyle.PLAIN, new PrintWriter(text, true));
        text.toString().lines().forEach(l -> out.println(l.isEmpty() ? "#" : "# " + l));
        if (!plan.objects().isEmpty()) {
            out.println("#");
            out.println("# Alternative, not chosen and not written (only if " + (n == 1 ? "it" : "they")
                    + " cannot be rebuilt: out of LTO " + (n == 1 ? "it loses" : "they lose") + " cross-module"
                    + " inlining): take " + Plural.count(plan.objects().size(), "object") + " out of LTO");
            for (ObjectFix f : plan.objects()) {
                out.println("#   " + f.object() + onlyOurs.apply(f.module()) + ": " + (f.owner() == null ? advice(f, BuildSystem.none)
                        : f.alreadyFixed() ? f.owner().kbuildFile() + " already has " + f.removeLine()
                        : f.removeLine() + " in " + f.owner().kbuildFile()));
            }
            int remaining = plan.after().errors().size();
            out.println("#   " + (plan.after().passes()
                    ? "Verified too: with them outside LTO, no import crosses conflicting module flags."
                    : "Not enough: with them outside LTO, " + Plural.count(remaining, "failing import pair") + " remain."));
        }
    }

    /** What the verification says, about the patch as written (or, without a tree, the advice). */
    static List<String> verdict(FixPlan plan) {
        int remaining = plan.after().errors().size();
        if (!plan.unhandled().isEmpty()) {
            String objects = String.join(", ", plan.unhandled().stream().map(f -> f.object().toString()).toList());
            return List.of("Not verified: the patch leaves " + Plural.count(plan.unhandled().size(), "object")
                    + " of the plan in LTO (" + objects + ");",
                    "  with only the objects it takes out, " + (remaining == 0
                            ? "no import crosses conflicting module flags, but the plan above is not what the patch does."
                            : Plural.count(remaining, "failing import pair") + " remain."));
        }
        String which = plan.patch() == null ? "with these objects outside LTO" : "with the objects the patch takes out of LTO";
        if (remaining == 0 && !plan.after().lldLines().isEmpty()) {
            return List.of("Not enough: " + which + ", full LTO still cannot merge every module into ld-temp.o.");
        }
        return List.of(remaining == 0
                ? "Verified: " + which + (plan.fullLto() ? ", every full-LTO module merges into ld-temp.o and" : ",")
                + " no import crosses conflicting module flags."
                : "Not enough: " + which + ", " + Plural.count(remaining, "failing import pair") + " remain.");
    }

    /** Why the patch leaves an object in LTO. */
    /**
     * The lines a fix says on stderr besides the patch: each object the patch leaves in LTO (the
     * run fails even when the rest happens to link), and objects whose kbuild files already take
     * them out of LTO yet were read as bitcode (the build predates the fix: make must rebuild them).
     *
     * @param leavesTree whether an object lies outside the tree (those are reported where the tree is known)
     */
    public static List<String> problemLines(FixPlan plan, java.util.function.Predicate<java.nio.file.Path> leavesTree) {
        List<String> lines = new java.util.ArrayList<>();
        plan.unhandled().stream().filter(f -> !leavesTree.test(f.object())).forEach(f -> lines.add(
                "fix: the patch does not take " + f.object() + " out of LTO: " + whyUnhandled(f)));
        List<String> unbuilt = unbuilt(plan);
        if (!unbuilt.isEmpty()) {
            lines.add(String.join(", ", unbuilt) + (unbuilt.size() == 1 ? " is" : " are") + " still LLVM bitcode though"
                    + " the kbuild files take " + (unbuilt.size() == 1 ? "it" : "them") + " out of LTO: rebuild with"
                    + " make, then check again");
        }
        return lines;
    }

    /** Objects whose kbuild files already take them out of LTO, yet read as bitcode. */
    public static List<String> unbuilt(FixPlan plan) {
        return plan.objects().stream().filter(o -> o.alreadyFixed()).map(o -> o.object().toString()).toList();
    }

    public static String whyUnhandled(ObjectFix f) {
        if (f.owner() == null && dev.ltocheck.kbuild.KbuildTree.leavesTree(f.object())) {
            return "its path leaves the tree; compile it with -fno-lto appended to its flags";
        }
        return f.owner() == null
                ? "no kbuild file in " + (f.object().getParent() == null ? "the top folder" : f.object().getParent() + "/")
                + " or above it builds it; compile it with -fno-lto appended to its flags"
                : f.owner().kbuildFile() + ", as patched and as make reads it, does not remove $(CC_FLAGS_LTO)"
                + " from CFLAGS_REMOVE_" + f.owner().stem() + ".o";
    }

    private static String advice(ObjectFix f, BuildSystem buildSystem) {
        String source = f.source();
        return switch (buildSystem) {
            case cmake -> "set_source_files_properties(" + source + " PROPERTIES COMPILE_OPTIONS -fno-lto)";
            case make -> "the patch leaves it in LTO: " + whyUnhandled(f);
            case none -> "compile " + source + " without LTO: append -fno-lto to its compile flags";
        };
    }
}
