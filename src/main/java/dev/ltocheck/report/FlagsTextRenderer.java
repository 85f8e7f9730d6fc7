package dev.ltocheck.report;

import dev.ltocheck.flags.FlagBehavior;
import dev.ltocheck.flags.FlagValueNames;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.modules.LoadedObject.NativeObject;
import dev.ltocheck.text.Cut;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Renders {@link FlagsReport} for a terminal: differences first, listed by member path. */
public final class FlagsTextRenderer {
    /** Modules listed per minority group unless every one is asked for. */
    public static final int DEFAULT_LIST_LIMIT = 20;

    private FlagsTextRenderer() {
    }

    public static void render(FlagsReport report, boolean all, PrintWriter out) {
        out.println(summaryLine(report));
        List<FlagSpread> differing = report.differing();
        if (!differing.isEmpty()) {
            out.println();
            out.println("Flags that differ between modules:");
            for (FlagSpread spread : differing) {
                renderSpread(spread, all, out);
            }
        }
        List<FlagSpread> uniform = report.uniform();
        if (!uniform.isEmpty()) {
            out.println();
            out.println("Flags the same in every module:");
            for (FlagSpread spread : uniform) {
                FlagSpread.FlagGroup only = spread.groups().get(0);
                out.println("  " + quoted(spread.key()) + " (" + FlagBehavior.nameOf(only.behavior()) + ") = "
                        + label(only));
            }
        }
        renderNatives(report.natives(), out);
        renderProblems(report.problems(), out);
        renderIncomplete(new Coverage(report.modules().size() + report.natives().size(), report.problems()), out);
    }

    /** The coverage line, for a run that skipped something. */
    static void renderIncomplete(Coverage coverage, PrintWriter out) {
        if (!coverage.complete()) {
            out.println();
            out.println(coverage.line());
        }
    }

    public static void renderByModule(FlagsReport report, PrintWriter out) {
        out.println(summaryLine(report));
        out.println();
        for (BitcodeModule m : report.modules()) {
            String flags = m.facts().flags().stream()
                    .map(f -> quoted(f.key()) + "="
                            + FlagValueNames.readable(f.key(), f.value(), m.facts().triple()))
                    .collect(Collectors.joining(" "));
            out.println(where(m.id()) + "  " + m.facts().triple() + "  " + flags);
        }
        renderNatives(report.natives(), out);
        renderProblems(report.problems(), out);
    }

    static String summaryLine(FlagsReport report) {
        String triples = report.triples().entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "(none)" : e.getKey()) + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        return Plural.count(report.modules().size(), "bitcode module") + ", "
                + Plural.count(report.natives().size(), "native object") + ", "
                + report.problems().size() + " unreadable"
                + (triples.isEmpty() ? "" : "; triples: " + triples);
    }

    private static void renderSpread(FlagSpread spread, boolean all, PrintWriter out) {
        FlagSpread.FlagGroup mostCommonPresent = spread.groups().stream().filter(g -> !g.absent()).findFirst()
                .orElseThrow();
        long behaviors = spread.groups().stream().filter(g -> !g.absent()).mapToInt(FlagSpread.FlagGroup::behavior)
                .distinct().count();
        out.println("  " + quoted(spread.key()) + " (" + FlagBehavior.nameOf(mostCommonPresent.behavior()) + ")");
        int width = spread.groups().stream().mapToInt(g -> groupLabel(g, behaviors > 1).length()).max().orElse(0);
        for (int i = 0; i < spread.groups().size(); i++) {
            FlagSpread.FlagGroup group = spread.groups().get(i);
            String label = groupLabel(group, behaviors > 1);
            out.println("      " + label + " ".repeat(width - label.length()) + "  "
                    + Plural.count(group.modules().size(), "module"));
            // The largest group is the norm; the others are what the user came to find.
            if (i > 0 || all) {
                int limit = all ? Integer.MAX_VALUE : DEFAULT_LIST_LIMIT;
                List<ModuleId> shown = group.modules().stream().limit(limit).map(BitcodeModule::id).toList();
                int pathWidth = shown.stream().mapToInt(id -> id.path().length()).max().orElse(0);
                shown.forEach(id -> out.println("          " + where(id, pathWidth)));
                if (group.modules().size() > limit) {
                    out.println("          " + Cut.rest(group.modules().size(), limit) + " (--all lists them)");
                }
            }
        }
    }

    private static String groupLabel(FlagSpread.FlagGroup group, boolean showBehavior) {
        String label = label(group);
        return showBehavior && !group.absent() ? label + " [" + FlagBehavior.nameOf(group.behavior()) + "]" : label;
    }

    private static String label(FlagSpread.FlagGroup group) {
        if (group.absent()) {
            return "absent";
        }
        return FlagValueNames.withLlvmText(group.readable(), group.value());
    }

    static String where(ModuleId id) {
        return where(id, 0);
    }

    /** "path  lld name" for members, the path alone for loose files; paths padded to a column. */
    static String where(ModuleId id, int pathWidth) {
        if (!id.inArchive()) {
            return id.path();
        }
        return id.path() + " ".repeat(Math.max(0, pathWidth - id.path().length())) + "  " + id.lldName();
    }

    static void renderNatives(List<NativeObject> natives, PrintWriter out) {
        if (natives.isEmpty()) {
            return;
        }
        out.println();
        out.println("Native objects (not bitcode; linked as they are, outside LTO):");
        natives.forEach(n -> out.println("  " + where(n.id())));
    }

    static void renderProblems(List<InputProblem> problems, PrintWriter out) {
        if (problems.isEmpty()) {
            return;
        }
        out.println();
        out.println("Not read:");
        problems.forEach(p -> out.println("  " + p.line()));
    }

    private static String quoted(String key) {
        return "'" + key + "'";
    }
}
