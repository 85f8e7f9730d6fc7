package dev.ltocheck.report;

import dev.ltocheck.imports.CallPath;
import dev.ltocheck.imports.ImportDecision;
import dev.ltocheck.imports.ImportFailureReason;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.summary.GlobalSummary;
import dev.ltocheck.summary.Guid;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ltocheck imports --why SYMBOL}: every module whose import walk considered the symbol,
 * imported or the reason it was not (LLVM's names), with the arithmetic of the threshold it was
 * judged against.
 */
public final class ImportsWhyRenderer {
    private ImportsWhyRenderer() {
    }

    /** One module's decision about the symbol. */
    public record Considered(ThinModule into, ImportDecision decision) {
    }

    /** The decisions about {@code symbol} (a name, a promoted name or a decimal GUID), by importing module in link order. */
    public static List<Considered> considered(ImportResult result, String symbol) {
        List<Considered> found = new ArrayList<>();
        for (ModuleImports mi : result.perModule()) {
            for (ImportDecision d : mi.decisions()) {
                if (matches(result, d, symbol)) {
                    found.add(new Considered(result.modules().get(mi.module()), d));
                }
            }
        }
        return found;
    }

    private static boolean matches(ImportResult result, ImportDecision d, String symbol) {
        if (symbol.equals(Guid.text(d.guid()))) {
            return true;
        }
        String name = result.nameOf(d);
        return symbol.equals(name) || (symbol.startsWith(name + ".llvm.") && !name.isEmpty());
    }

    public static void render(ImportsReport report, ImportOptions options, String symbol, PrintWriter out) {
        ImportResult result = report.result();
        List<Considered> found = considered(result, symbol);
        List<String> definers = new ArrayList<>();
        for (ThinModule m : result.modules()) {
            for (GlobalSummary g : m.summary().globals()) {
                if (g.name().equals(symbol) || Guid.text(g.guid()).equals(symbol)) {
                    definers.add(m.name());
                    break;
                }
            }
        }
        long imported = found.stream().filter(c -> c.decision().imported()).count();
        out.println(symbol + ": considered by " + found.size() + (found.size() == 1 ? " module" : " modules")
                + ", imported into " + imported + "; defined in " + (definers.isEmpty()
                ? "no ThinLTO module of the link" : String.join(", ", definers)));
        if (found.isEmpty()) {
            out.println("  no module's import walk reached it: only call edges from functions a module defines (live)"
                    + " or imports are considered, and a module never imports what it defines itself");
        }
        for (Considered c : found) {
            ImportDecision d = c.decision();
            out.println();
            out.println(FlagsTextRenderer.where(report.id(c.into())));
            out.println("  " + verdict(result, d));
            out.println("  Threshold = " + d.threshold() + " (" + arithmetic(d, options) + ")");
            if (!d.imported()) {
                out.println("  lld: " + ImportsLldFailuresRenderer.line(result, d));
            }
        }
        FlagsTextRenderer.renderProblems(report.problems(), out);
        FlagsTextRenderer.renderIncomplete(report.coverage(), out);
    }

    static String verdict(ImportResult result, ImportDecision d) {
        if (d.imported()) {
            return "imported from " + result.modules().get(d.source()).name() + ": size " + d.size()
                    + (d.size() <= d.threshold() ? " <= " : " > ") + "threshold " + d.threshold()
                    + (d.size() <= d.threshold() ? "" : " (always_inline, or -force-import-all)");
        }
        ImportFailureReason r = d.reason();
        String why = switch (r) {
            case NONE -> "no ThinLTO module of the link defines it (declared only: native code, assembly or a library)";
            case GLOBAL_VAR -> "its summary is not a function";
            case NOT_LIVE -> "dead after the thin link's liveness analysis";
            case TOO_LARGE -> "size " + d.size() + " > threshold " + d.threshold();
            case INTERPOSABLE_LINKAGE -> "interposable linkage (weak, linkonce, common or extern_weak):"
                    + " another definition may win";
            case LOCAL_LINKAGE_NOT_IN_MODULE -> "a local with copies in several modules, none in the caller's module";
            case NOT_ELIGIBLE -> "marked not eligible to import by the compiler";
            case NO_INLINE -> "noinline";
        };
        return "not imported: " + r.llvmName() + ", " + why + " (max hotness "
                + ImportDecision.hotnessName(d.maxHotness()) + ", " + d.attempts()
                + (d.attempts() == 1 ? " attempt)" : " attempts)");
    }

    /**
     * How the threshold came about: {@code -import-instr-limit} at a root the module defines, times
     * an evolution factor per imported function on the way, times the call edge's hotness multiplier.
     */
    public static String arithmetic(ImportDecision d, ImportOptions options) {
        StringBuilder text = new StringBuilder();
        List<CallPath> steps = d.caller().steps();
        for (int i = 0; i < steps.size(); i++) {
            CallPath step = steps.get(i);
            if (i == 0) {
                text.append("import-instr-limit ").append(step.threshold()).append(" for the calls of ")
                        .append(step.function()).append(" (defined here)");
            } else {
                text.append("; x ").append(number(step.hotEdge() ? options.hotEvolutionFactor() : options.instrEvolutionFactor()))
                        .append(step.hotEdge() ? " import-hot-evolution-factor" : " import-instr-evolution-factor")
                        .append(" = ").append(step.threshold()).append(" for the calls of ").append(step.function())
                        .append(" (imported)");
            }
        }
        String multiplier = switch (d.hotness()) {
            case GlobalSummary.Call.HOT -> number(options.hotMultiplier()) + " import-hot-multiplier";
            case GlobalSummary.Call.COLD -> number(options.coldMultiplier()) + " import-cold-multiplier";
            case GlobalSummary.Call.CRITICAL -> number(options.criticalMultiplier()) + " import-critical-multiplier";
            default -> "1";
        };
        text.append("; x ").append(multiplier).append(" for a call of hotness ")
                .append(ImportDecision.hotnessName(d.hotness())).append(" = ").append(d.threshold());
        return text.toString();
    }

    private static String number(float f) {
        return f == (long) f ? Long.toString((long) f) : Float.toString(f);
    }
}
