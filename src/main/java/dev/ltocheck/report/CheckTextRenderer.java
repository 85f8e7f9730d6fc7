package dev.ltocheck.report;

import dev.ltocheck.check.BrokenModule;
import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.LldLine;
import dev.ltocheck.check.SilentChange;
import dev.ltocheck.imports.Import;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code ltocheck check} for a terminal: one line per finding in a fixed shape, grouped by flag
 * and pair of modules, the imports behind it underneath, advice once, a verdict at the end.
 */
public final class CheckTextRenderer {
    private CheckTextRenderer() {
    }

    public static void render(CheckReport report, PrintWriter out) {
        CheckResult r = report.result();
        int imports = r.imports().perModule().stream().mapToInt(m -> m.imports().size()).sum();
        if (!report.lld().newer().isEmpty()) {
            out.println(report.lld().statement()); // what the user's lld does with it comes before what we read
        }
        out.println(r.imports().modules().size() + " ThinLTO modules" + (r.imports().regular().isEmpty() ? ""
                : ", " + r.imports().regular().size() + " full-LTO modules") + ", " + imports + " imports; "
                + FlagsTextRenderer.count(r.errors().size(), "import pair") + " across conflicting module flags, "
                + FlagsTextRenderer.count(r.warnings().size(), "silent flag change") + " (link: " + report.linkOrigin() + "; ld.lld " + report.lld().version() + ")");
        report.byFlag().forEach((key, pairs) -> {
            out.println();
            out.println("'" + key + "': " + FlagsTextRenderer.count(pairs.size(), "conflicting pair"));
            for (CheckReport.Pair pair : pairs) {
                out.println("  " + name(report, pair.minority()) + " " + report.value(pair.minority(), key) + "  <->  "
                        + name(report, pair.majority()) + " " + report.value(pair.majority(), key));
                for (FailingImport f : pair.imports()) {
                    out.println("    error: " + f.into().name() + ": imports from " + f.from().name()
                            + (f.shownByLld() ? "" : "  [lld never prints this: the module fails earlier]"));
                    for (Import i : f.imports()) {
                        out.println("        " + i.promoted() + " (" + describe(i) + ") via " + String.join(" -> ", i.chain()));
                    }
                }
            }
        });
        if (!r.regularConflicts().isEmpty()) {
            out.println();
            out.println("Full LTO: every module is merged into ld-temp.o in link order; these flag sets cannot merge:");
            for (FailingImport f : r.regularConflicts()) {
                out.println("  error: '" + f.key() + "' " + report.value(f.into(), f.key()) + " in "
                        + classSize(report, f.into()) + " (first " + f.into().name() + ") vs "
                        + report.value(f.from(), f.key()) + " in " + classSize(report, f.from()) + " (first "
                        + f.from().name() + ")");
            }
        }
        if (!r.warnings().isEmpty()) {
            out.println();
            out.println("Silent flag changes (the link passes, the module is not built as compiled):");
            for (SilentChange c : r.warnings()) {
                out.println("  warning: " + c.into().name() + ": " + changeText(c) + " importing from " + c.from().name());
            }
        }
        renderBroken(report, out);
        FlagsTextRenderer.renderProblems(report.problems(), out);
        out.println();
        out.println(report.coverage().line());
        out.println(verdict(report));
    }

    // Modules merged into ld-temp.o with exactly this module's flags.
    private static String classSize(CheckReport report, dev.ltocheck.imports.ThinModule m) {
        var flags = report.modules().get(m.name()).facts().flags();
        long n = report.result().imports().regular().stream()
                .filter(o -> report.modules().get(o.name()).facts().flags().equals(flags)).count();
        return FlagsTextRenderer.count((int) n, "module");
    }

    private static String changeText(SilentChange c) {
        return switch (c.kind()) {
            case ADOPTED -> "adopts '" + c.key() + "' = " + c.after() + ", which it was not built with,";
            case CHANGED -> "'" + c.key() + "' changes from " + c.before() + " to " + c.after();
            case WARNING -> "LLVM warns: " + c.message() + ",";
        };
    }

    // One line per module: its flags are never merged, so nothing else is said about it.
    private static void renderBroken(CheckReport report, PrintWriter out) {
        List<BrokenModule> broken = report.result().broken();
        if (broken.isEmpty()) {
            return;
        }
        out.println();
        out.println("Broken modules (module flags LLVM's verifier rejects: ld.lld stops with \"Broken module found\";"
                + " or a value no compiler writes; their flags are not merged):");
        for (BrokenModule b : broken) {
            out.println("  error: " + report.path(b.module()) + ": " + b.problems().get(0).line()
                    + (b.problems().size() > 1 ? " (and " + (b.problems().size() - 1) + " more)" : "")
                    + (b.rejectedByLlvm() ? "" : " [ld.lld 20 accepts it; ltocheck cannot model it]"));
        }
    }

    static String verdict(CheckReport report) {
        CheckResult r = report.result();
        long rejected = r.broken().stream().filter(BrokenModule::rejectedByLlvm).count();
        if (rejected > 0) {
            return "The link fails: ld.lld stops at a broken module (" + FlagsTextRenderer.count((int) rejected, "module")
                    + " whose module flags LLVM's verifier rejects" + (r.lldLines().isEmpty() ? ""
                    : "; before it, " + FlagsTextRenderer.count(r.lldLines().size(), "import error")) + ").";
        }
        if (!r.unmodelled().isEmpty() && r.lldLines().isEmpty()) {
            return "ltocheck cannot check this link: " + FlagsTextRenderer.count(r.unmodelled().size(), "module")
                    + (r.unmodelled().size() == 1 ? " carries" : " carry") + " a module flag value no compiler writes;"
                    + " ld.lld 20 links it, but ltocheck cannot model its merge (exit 3; --allow-incomplete accepts this).";
        }
        if (!r.linkFails() && !report.lld().fails()) {
            return report.coverage().complete()
                    ? "No import crosses conflicting module flags: the link passes this check."
                    : "No import crosses conflicting module flags among the modules read, but " + FlagsTextRenderer.count(report.coverage().skipped().size(), "input")
                    + (report.coverage().skipped().size() == 1 ? " was" : " were") + " not read: the link may still fail (exit 3; --allow-incomplete accepts this).";
        }
        if (report.lld().refused() || report.lld().aborts() || !report.lld().newer().isEmpty()) {
            return "The link fails: " + report.lld().statement() + " --lld-lines shows "
                    + (report.lld().refused() ? "what it knows of them." : "them.") + "\n"
                    + "Fix: take one side of each pair out of LTO (CFLAGS_REMOVE_<obj>.o += $(CC_FLAGS_LTO) in the"
                    + " object's Makefile), mark the imported functions noinline, or make the flag agree.";
        }
        int lines = r.lldLines().size();
        String stop = lines > CheckResult.LLD_ERROR_LIMIT ? " and stops after " + CheckResult.LLD_ERROR_LIMIT : "";
        String hidden = report.hiddenByLld() > 0 ? "; "
                + FlagsTextRenderer.count(report.hiddenByLld(), "failing import pair") + " it never names" : "";
        return "The link fails: ld.lld prints " + FlagsTextRenderer.count(lines, "error") + stop + hidden
                + " (--lld-lines shows its exact lines).\n"
                + "Fix: take one side of each pair out of LTO (CFLAGS_REMOVE_<obj>.o += $(CC_FLAGS_LTO) in the"
                + " object's Makefile), mark the imported functions noinline, or make the flag agree.";
    }

    private static String name(CheckReport report, dev.ltocheck.imports.ThinModule m) {
        return report.id(m).path();
    }

    private static String describe(Import i) {
        return i.kind() == Import.Kind.FUNCTION ? "function, " + FlagsTextRenderer.count(i.size(), "inst") : "variable";
    }

    /** The lines the modelled ld.lld prints, in its words; with a limit, cut as lld cuts them. */
    public static void renderLldLines(dev.ltocheck.check.LldOutput lld, int errorLimit, PrintWriter out) {
        lld.printed(errorLimit).forEach(out::println);
    }

    /** The lines ld.lld 20 prints; with a limit, cut as lld cuts them. */
    public static void renderLldLines(CheckResult result, int errorLimit, PrintWriter out) {
        List<LldLine> lines = result.lldLines();
        for (int i = 0; i < lines.size(); i++) {
            if (errorLimit > 0 && i == errorLimit) {
                out.println("ld.lld: error: too many errors emitted, stopping now (use --error-limit=0 to see all errors)");
                return;
            }
            out.println(lines.get(i).text());
        }
        // lld stops at the first module its verifier rejects (where, among the lines above, depends on its threads).
        result.broken().stream().filter(BrokenModule::rejectedByLlvm).findFirst()
                .ifPresent(b -> b.lldLines().forEach(out::println));
    }
}
