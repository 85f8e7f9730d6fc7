package dev.ltocheck.report;

import dev.ltocheck.check.BrokenModule;
import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.LldLine;
import dev.ltocheck.check.SilentChange;
import dev.ltocheck.flags.ProfileSummary;
import dev.ltocheck.imports.Import;
import dev.ltocheck.kbuild.CompilerMadeNames;
import dev.ltocheck.kbuild.ObjectFix;
import dev.ltocheck.text.Cut;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ltocheck check} for a terminal: one line per finding in a fixed shape, grouped by flag
 * and pair of modules, the imports behind it underneath, advice once, a verdict at the end.
 */
public final class CheckTextRenderer {
    private CheckTextRenderer() {
    }

    /** Items of a long list shown before "... and N more": the rest is under --detail. */
    static final int LIST_LIMIT = 6;

    /** The report without the plan's causes, in the plain style. */
    public static void render(CheckReport report, PrintWriter out) {
        render(report, Headline.of(report, null), new FirstAnswer.Findings(), TextStyle.PLAIN, false, out);
    }

    /**
     * The answer first: the verdict and what was modelled, one set of counts, then the one answer
     * the caller chose ({@link FirstAnswer}): the rebuild, with the plan's objects as the
     * alternative; or the objects of the fix plan with what crosses the flag boundary at each and
     * the kbuild line that fixes it, the objects that need nothing, and only then a rebuild that
     * would settle a flag, labelled an alternative. Then the rest of the findings, and with
     * {@code detail} every failing pair.
     */
    public static void render(CheckReport report, Headline headline, FirstAnswer answer, TextStyle style, boolean detail,
                              PrintWriter out) {
        CheckResult r = report.result();
        out.println(headline.fails() ? style.red(headline.line()) : headline.outcome() == Headline.Outcome.PASSES
                ? style.green(headline.line()) : style.bold(headline.line()));
        out.println(counts(report));
        if (answer instanceof FirstAnswer.Rebuild rebuild) {
            ProfileMismatchText.render(rebuild.profile(), ProfileMismatchText.FIX, style, out);
            renderCauses(report, rebuild.causes(), true, style, out);
        } else if (answer instanceof FirstAnswer.OutOfLto outOfLto) {
            renderCauses(report, outOfLto.causes(), false, style, out);
            ProfileMismatch.of(report).ifPresent(p -> ProfileMismatchText.render(p,
                    alternative(report, ProfileSummary.KEY), style, out));
            ProducerAdviceText.render(ProducerAdvice.of(report), key -> alternative(report, key), style, out);
        } else {
            ProfileMismatch.of(report).ifPresent(p -> ProfileMismatchText.render(p, ProfileMismatchText.FIX, style, out));
            ProducerAdviceText.render(ProducerAdvice.of(report), key -> "", style, out);
        }
        if (!r.regularConflicts().isEmpty()) {
            out.println();
            out.println("Full LTO: every module is merged into ld-temp.o in link order; these flag sets cannot merge:");
            for (FailingImport f : r.regularConflicts()) {
                out.println("  error: '" + f.key() + "' " + report.value(f.into(), f.key()) + " in "
                        + classSize(report, f.into()) + " (first " + f.into().name() + report.onlyOurs(f.into()) + ") vs "
                        + report.value(f.from(), f.key()) + " in " + classSize(report, f.from()) + " (first "
                        + f.from().name() + report.onlyOurs(f.from()) + ")");
            }
        }
        if (!r.warnings().isEmpty()) {
            out.println();
            out.println("Silent flag changes (the link passes, the module is not built as compiled):");
            for (SilentChange c : r.warnings()) {
                out.println("  warning: " + c.into().name() + report.onlyOurs(c.into()) + ": " + changeText(c)
                        + " importing from " + c.from().name() + report.onlyOurs(c.from()));
            }
        }
        renderBroken(report, out);
        FlagsTextRenderer.renderProblems(report.problems(), out);
        out.println();
        out.println(report.coverage().line());
        String llvm = report.coverage().llvmLine();
        if (llvm != null) {
            out.println(llvm);
        }
        if (headline.outcome() == Headline.Outcome.INCOMPLETE || headline.outcome() == Headline.Outcome.UNMODELLED) {
            out.println("The check is incomplete: exit 3 (--allow-incomplete accepts this).");
        }
        if (detail) {
            renderPairs(report, out);
        } else if (!r.errors().isEmpty()) {
            out.println("Every failing pair with its call chains: --detail; the lines ld.lld prints: --lld-lines.");
        }
    }

    /** One consistent set of counts, each said once. */
    static String counts(CheckReport report) {
        CheckResult r = report.result();
        int imports = r.imports().perModule().stream().mapToInt(m -> m.imports().size()).sum();
        int crossing = r.errors().stream().mapToInt(f -> f.imports().size()).sum();
        StringBuilder line = new StringBuilder(Plural.count(r.imports().modules().size(), "ThinLTO module"));
        if (!r.imports().regular().isEmpty()) {
            line.append(", ").append(Plural.count(r.imports().regular().size(), "full-LTO module"));
        }
        line.append(", ").append(Plural.count(imports, "import"));
        if (!r.errors().isEmpty()) {
            long failing = r.errors().stream().map(f -> f.into().name()).distinct().count();
            long named = r.errors().stream().filter(FailingImport::shownByLld).count();
            line.append("; ").append(crossing).append(crossing == 1 ? " crosses" : " cross")
                    .append(" conflicting module flags, in ").append(Plural.count(r.errors().size(),
                            "failing import pair")).append("; ").append(failing).append(" importing ")
                    .append(failing == 1 ? "module fails" : "modules fail").append(" (one ld.lld error each, naming ")
                    .append(named == r.errors().size() ? (named == 1 ? "its pair" : "every pair")
                            : named + " of the " + r.errors().size() + " pairs").append(")");
        } else if (!r.regularConflicts().isEmpty()) {
            line.append("; full LTO merges the full-LTO modules into ld-temp.o: ")
                    .append(Plural.count(r.regularConflicts().size(), "flag conflict"));
        } else {
            line.append("; none crosses conflicting module flags");
        }
        if (!r.warnings().isEmpty()) {
            line.append("; ").append(Plural.count(r.warnings().size(), "silent flag change"));
        }
        return line.append('.').toString();
    }

    /**
     * How a rebuild said after the plan is introduced: "Alternative: " when making {@code key} agree
     * fixes the whole link, else it names the pairs it settles.
     */
    static String alternative(CheckReport report, String key) {
        return ProfileMismatch.settlesEveryPair(report, key) ? "Alternative: "
                : "Alternative for the '" + key + "' pairs only: ";
    }

    /** @param rebuild the rebuild said above is the answer: the plan's objects are its alternative */
    private static void renderCauses(CheckReport report, Causes causes, boolean rebuild, TextStyle style, PrintWriter out) {
        if (causes.isEmpty()) {
            return;
        }
        out.println();
        for (Causes.Boundary b : causes.boundaries()) {
            out.println("'" + b.key() + "': " + String.join(", ", b.values().stream()
                    .map(v -> v.text() + " in " + Plural.count(v.modules(), "module")).toList()) + ".");
        }
        int n = causes.objects().size();
        out.println((rebuild ? "Alternative, only if they cannot be rebuilt: take " : "Take ")
                + (n == 1 ? "this object" : "these " + n + " objects") + " out of LTO: every failing pair"
                + (n == 1 ? " has it." : " has one of them."));
        for (Causes.Cause c : causes.objects()) {
            out.println(style.bold(c.path()) + "  " + c.value() + report.onlyOurs(c.module()) + ", "
                    + Plural.count(c.pairs(), "failing import pair"));
            if (!c.exports().isEmpty()) {
                Causes.Crossing first = c.exports().get(0);
                boolean oneFile = c.exports().stream().allMatch(x -> x.definedIn().equals(first.definedIn()));
                out.println("  exports " + kinds(c.exports()) + (oneFile ? " defined in " + first.definedIn() : "")
                        + " into " + Plural.count(c.exportedInto().size(), "module") + ": "
                        + list(personal(c.exports(), true), x -> x.crossing().promoted() + " ("
                        + kindIfMixed(c.exports(), x) + Plural.count(x.crossing().modules().size(), "module") + ")"));
            }
            if (!c.imports().isEmpty()) {
                out.println("  imports " + kinds(c.imports()) + " from " + Plural.count(c.importedFrom().size(), "module")
                        + ": " + list(personal(c.imports(), false), x -> x.crossing().promoted() + " ("
                        + kindIfMixed(c.imports(), x) + x.crossing().definedIn() + ")"));
            }
            out.println("  " + (rebuild ? "line: " : "fix: ") + fixLine(c.fix()));
        }
        String them = n == 1 ? "it" : "them";
        out.println((causes.verified() ? "Checked: with " + them + " outside LTO the link passes"
                : "Not enough alone: with " + them + " outside LTO " + Plural.count(causes.remaining(),
                "failing import pair") + (causes.remaining() == 1 ? " remains" : " remain")) + " (" + Plural.count(causes.stayInLto(), "module") + " stay in LTO)."
                + (rebuild ? " ltocheck fix prints these lines as the alternative and writes none of them."
                : " Write the lines: ltocheck fix | git apply, or ltocheck fix --apply."));
        if (!causes.spared().isEmpty()) {
            out.println("Need nothing:");
            causes.spared().stream().limit(LIST_LIMIT).forEach(s -> out.println("  " + s.path() + "  " + s.value()
                    + report.onlyOurs(s.module()) + ": " + s.reason()));
            if (causes.spared().size() > LIST_LIMIT) {
                out.println("  " + Cut.rest(causes.spared().size(), LIST_LIMIT) + ": --detail");
            }
        }
    }

    /**
     * "2 variables", "1 function and 1 variable", "2 functions, 23 variables and 79 string
     * literals": the compiler's own constants counted by construct, as the list names them.
     */
    static String kinds(List<Causes.Crossing> crossings) {
        int functions = 0;
        int variables = 0;
        Map<String, Integer> made = new LinkedHashMap<>();
        for (Causes.Crossing x : crossings) {
            Optional<String> construct = CompilerMadeNames.construct(x.promoted());
            if (construct.isPresent()) {
                made.merge(construct.get(), 1, Integer::sum);
            } else if (x.kind() == Import.Kind.FUNCTION) {
                functions++;
            } else {
                variables++;
            }
        }
        List<String> parts = new ArrayList<>();
        if (functions > 0) {
            parts.add(Plural.count(functions, "function"));
        }
        if (variables > 0) {
            parts.add(Plural.count(variables, "variable"));
        }
        made.forEach((construct, n) -> parts.add(CompilerMadeNames.count(n, construct)));
        return parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** One entry of a first-screen list: a name as written, or a count of the compiler's constants. */
    record Named(Causes.Crossing crossing, boolean compilerMade) {
    }

    /**
     * The crossings as a person can act on them: a promoted local ({@code name.llvm.N}) under the
     * static's own name, and the compiler's own constants ({@code .str.N}, {@code __func__} copies,
     * ...) one entry per construct and file, "99 string literals of cpufeature.c", the modules
     * they reach merged (exports) or the file said once (imports); compiler-made entries last.
     */
    static List<Named> personal(List<Causes.Crossing> crossings, boolean exports) {
        List<Named> named = new ArrayList<>();
        Map<List<String>, List<Causes.Crossing>> made = new LinkedHashMap<>();
        for (Causes.Crossing x : crossings) {
            Optional<String> construct = CompilerMadeNames.construct(x.promoted());
            if (construct.isPresent()) {
                made.computeIfAbsent(List.of(construct.get(), x.definedIn()), k -> new ArrayList<>()).add(x);
            } else {
                named.add(new Named(new Causes.Crossing(x.name(), CompilerMadeNames.written(x.promoted()),
                        x.kind(), x.definedIn(), x.modules()), false));
            }
        }
        made.forEach((key, group) -> {
            Set<String> modules = new LinkedHashSet<>();
            group.forEach(x -> modules.addAll(x.modules()));
            String construct = CompilerMadeNames.count(group.size(), key.get(0));
            named.add(new Named(new Causes.Crossing(construct, exports ? construct + " of " + key.get(1) : construct,
                    group.get(0).kind(), key.get(1), modules), true));
        });
        // By reach, as the names alone are listed: a group of constants is shown where its modules put it.
        named.sort(Comparator.comparingInt((Named x) -> x.crossing().modules().size()).reversed());
        return named;
    }

    /** "variable, " before a name when the list mixes functions and variables; a count of constants says its kind. */
    private static String kindIfMixed(List<Causes.Crossing> all, Named x) {
        boolean mixed = all.stream().map(Causes.Crossing::kind).distinct().count() > 1;
        return mixed && !x.compilerMade() ? (x.crossing().kind() == Import.Kind.FUNCTION ? "function, " : "variable, ") : "";
    }

    private static <T> String list(List<T> items, Function<T, String> text) {
        return Cut.join(items.stream().map(text).toList(), LIST_LIMIT) + (items.size() > LIST_LIMIT ? ": --detail" : "");
    }

    /** The exact kbuild line, and where it goes. */
    static String fixLine(ObjectFix f) {
        if (f.owner() == null) {
            return f.removeLine() + " in the kbuild file that builds it (none found: give --srctree)";
        }
        if (f.alreadyFixed()) {
            return f.owner().kbuildFile() + " already has " + f.removeLine() + ": rebuild (make) so the object leaves LTO";
        }
        return f.removeLine() + "  (" + f.owner().kbuildFile()
                + (f.insertAfter() > 0 ? ", after line " + f.insertAfter() : ", at the end") + ")";
    }

    /** Today's per-pair blocks, grouped by flag and pair of modules, with call chains. */
    public static void renderPairs(CheckReport report, PrintWriter out) {
        report.byFlag().forEach((key, pairs) -> {
            out.println();
            out.println("'" + key + "': " + Plural.count(pairs.size(), "conflicting pair"));
            for (CheckReport.Pair pair : pairs) {
                out.println("  " + name(report, pair.minority()) + " " + report.value(pair.minority(), key)
                        + report.onlyOurs(pair.minority()) + "  <->  " + name(report, pair.majority()) + " "
                        + report.value(pair.majority(), key) + report.onlyOurs(pair.majority()));
                for (FailingImport f : pair.imports()) {
                    out.println("    error: " + f.into().name() + ": imports from " + f.from().name()
                            + (f.shownByLld() ? "" : "  [lld never prints this: the module fails earlier]"));
                    for (Import i : f.imports()) {
                        out.println("        " + i.promoted() + " (" + describe(i) + ") via " + String.join(" -> ", i.chain()));
                    }
                }
            }
        });
    }

    // Modules merged into ld-temp.o with exactly this module's flags.
    private static String classSize(CheckReport report, dev.ltocheck.imports.ThinModule m) {
        var flags = report.modules().get(m.name()).facts().flags();
        long n = report.result().imports().regular().stream()
                .filter(o -> report.modules().get(o.name()).facts().flags().equals(flags)).count();
        return Plural.count((int) n, "module");
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
            ReadByLtocheckOnly only = report.onlyOursWhy(b.module());
            out.println("  error: " + report.path(b.module()) + (only == null ? "" : only.note()) + ": "
                    + b.problems().get(0).line()
                    + (b.problems().size() > 1 ? " (and " + (b.problems().size() - 1) + " more)" : "")
                    + (b.rejectedByLlvm() ? "" : " [ld.lld 20 accepts it; ltocheck cannot model it]"));
        }
    }

    private static String name(CheckReport report, dev.ltocheck.imports.ThinModule m) {
        return report.id(m).path();
    }

    private static String describe(Import i) {
        return i.kind() == Import.Kind.FUNCTION ? "function, " + Plural.count(i.size(), "inst") : "variable";
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
