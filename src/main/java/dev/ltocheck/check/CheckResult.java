package dev.ltocheck.check;

import dev.ltocheck.imports.ImportResult;

import java.util.List;

/**
 * Everything {@code ltocheck check} found.
 *
 * @param errors        every failing import pair, lld's order (importing module in link order, sources sorted)
 * @param warnings      silent flag changes
 * @param lldLines      the error lines lld prints, with --error-limit=0, in --thinlto-jobs=1 order
 * @param regularConflicts full LTO: pairs of modules whose flags conflict when merged into ld-temp.o
 * @param failingSource  per importing module whose import fails: the source module lld stops at
 * @param flagsAfterImport per importing module whose flags change without failing: its flags after all imports
 * @param broken         modules whose flags LLVM's verifier rejects or that are damaged, in link order (never merged)
 * @param crashedMerges   merges that crashed libLLVM in an isolated worker (--isolate), one line each: the
 *                        verdict covers the rest of the link
 */
public record CheckResult(ImportResult imports, List<FailingImport> errors, List<SilentChange> warnings,
                          List<LldLine> lldLines, List<FailingImport> regularConflicts,
                          java.util.Map<String, String> failingSource,
                          java.util.Map<String, List<dev.ltocheck.flags.ModuleFlag>> flagsAfterImport,
                          List<BrokenModule> broken, List<String> crashedMerges) {

    public CheckResult(ImportResult imports, List<FailingImport> errors, List<SilentChange> warnings,
                       List<LldLine> lldLines, List<FailingImport> regularConflicts,
                       java.util.Map<String, String> failingSource,
                       java.util.Map<String, List<dev.ltocheck.flags.ModuleFlag>> flagsAfterImport) {
        this(imports, errors, warnings, lldLines, regularConflicts, failingSource, flagsAfterImport, List.of(),
                List.of());
    }

    /** lld's default --error-limit. */
    public static final int LLD_ERROR_LIMIT = 20;

    /** lld fails on import errors, or stops at a module whose flags LLVM's verifier rejects. */
    public boolean linkFails() {
        return !lldLines.isEmpty() || broken.stream().anyMatch(BrokenModule::rejectedByLlvm);
    }

    /**
     * The link passes, as far as ltocheck can tell: no failing import, (full LTO) every module
     * merges into ld-temp.o, no module lld stops at, and nothing the check could not model (a
     * crashed merge, a flag value no compiler writes).
     */
    public boolean passes() {
        return errors.isEmpty() && !linkFails() && crashedMerges.isEmpty() && unmodelled().isEmpty();
    }

    /**
     * Modules whose flag value no compiler writes (cyclic, too large) but LLVM's verifier accepts:
     * ld.lld 20 links them, and ltocheck cannot model their merge, so a run with one is incomplete.
     */
    public List<BrokenModule> unmodelled() {
        return broken.stream().filter(b -> !b.rejectedByLlvm()).toList();
    }

    /** Every module a finding names (both sides of each failing import and silent change, each broken module), by lld name. */
    public java.util.Set<String> modulesNamed() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (FailingImport f : errors) {
            names.add(f.into().name());
            names.add(f.from().name());
        }
        for (FailingImport f : regularConflicts) {
            names.add(f.into().name());
            names.add(f.from().name());
        }
        for (SilentChange c : warnings) {
            names.add(c.into().name());
            names.add(c.from().name());
        }
        broken.forEach(b -> names.add(b.module()));
        return names;
    }
}
