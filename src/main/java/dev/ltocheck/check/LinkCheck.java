package dev.ltocheck.check;

import dev.ltocheck.flags.FlagVerifier;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.flags.ProfileSummary;
import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.FlagMergeCrashed;
import dev.ltocheck.llvm.FlagMerger;
import dev.ltocheck.llvm.FlagMerger.NamedFlags;
import dev.ltocheck.llvm.FlagMerging;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.llvm.LlvmThreads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which imports break the link, asking LLVM's IRMover for every verdict: during a ThinLTO import
 * the importing module is the destination and each source module is merged into it, in
 * ascending name order, until one fails (FunctionImporter::importFunctions). Full-LTO modules
 * are merged in link order into ld-temp.o, and lld stops at the first failure.
 */
public final class LinkCheck {
    static final String THIN_PREFIX = "ld.lld: error: Function Import: link error: ";
    static final String REGULAR_PREFIX = "ld.lld: error: ";
    static final String LD_TEMP = "ld-temp.o";
    private static final Pattern KEY = Pattern.compile("linking module flags '([^']*)'");
    private static final String PIC_LEVEL = "PIC Level";
    // A name LLVM 20's flag upgrade does not know, for LLVM 15's Max merge of PIC Level.
    private static final String PIC_LEVEL_AS_MAX = "PIC Level (merged as LLVM 15 does)";

    private final Map<String, List<ModuleFlag>> flagsByModule;
    private final FlagMerging merger;
    private final Map<List<List<ModuleFlag>>, FlagMerger.Step> pairVerdicts = new HashMap<>();
    /** Flag pairs whose merge crashed libLLVM (in an isolated worker): not asked again. */
    private final Map<List<List<ModuleFlag>>, String> crashedPairs = new HashMap<>();
    private final Set<String> crashes = new LinkedHashSet<>();

    private LinkCheck(Map<String, List<ModuleFlag>> flagsByModule, FlagMerging merger) {
        this.flagsByModule = flagsByModule;
        this.merger = merger;
    }

    /**
     * @param flagsByModule every bitcode module's flags, by lld name
     */
    public static CheckResult run(ImportResult imports, Map<String, List<ModuleFlag>> flagsByModule)
            throws BitcodeLoadException {
        return run(imports, flagsByModule, FlagMerger::new);
    }

    /**
     * @param mergers where LLVM merges: in this process ({@link FlagMerger}), or in an isolated
     *                worker ({@code --isolate}), where a merge that crashes libLLVM is one line of
     *                {@link CheckResult#crashedMerges()} and the check goes on
     */
    public static CheckResult run(ImportResult imports, Map<String, List<ModuleFlag>> flagsByModule,
                                  Supplier<FlagMerging> mergers) throws BitcodeLoadException {
        // IRMover recurses over flag values: it runs on a thread with LLVM's stack, not the caller's.
        return LlvmThreads.call("ltocheck-flag-merge", () -> {
            try (FlagMerging merger = mergers.get()) {
                return new LinkCheck(flagsByModule, merger).check(imports);
            }
        });
    }

    /**
     * As {@link #run(ImportResult, Map)}, with the module-flag merge of {@code lld}'s IRMover where it
     * differs from LLVM 20's: ld.lld 15 keeps {@code PIC Level} Max (LLVM 20 would upgrade it to Min
     * as it reads it, so the flag is merged under a name LLVM 20 does not upgrade, then named back).
     */
    public static CheckResult run(ImportResult imports, Map<String, List<ModuleFlag>> flagsByModule, LldVersion lld)
            throws BitcodeLoadException {
        return run(imports, flagsByModule, FlagMerger::new, lld);
    }

    /** As {@link #run(ImportResult, Map, LldVersion)}, merging where {@code mergers} merge. */
    public static CheckResult run(ImportResult imports, Map<String, List<ModuleFlag>> flagsByModule,
                                  Supplier<FlagMerging> mergers, LldVersion lld) throws BitcodeLoadException {
        flagsByModule = withImportRatios(imports, flagsByModule);
        if (!lld.mergesPicLevelAsMax()) {
            return run(imports, flagsByModule, mergers);
        }
        // LLVM 20's reader has already upgraded what clang 15 wrote (Max) to Min: the producer tells.
        Map<String, Integer> producerMajor = new HashMap<>();
        imports.modules().forEach(m -> producerMajor.put(m.name(), LldOutput.producerMajor(m.summary().producer())));
        imports.regular().forEach(m -> producerMajor.put(m.name(), LldOutput.producerMajor(m.summary().producer())));
        Map<String, List<ModuleFlag>> aliased = new HashMap<>();
        flagsByModule.forEach((module, flags) -> aliased.put(module, flags.stream()
                .map(f -> f.key().equals(PIC_LEVEL) && producerMajor.getOrDefault(module, 0) <= 15
                        ? new ModuleFlag(7, PIC_LEVEL_AS_MAX, f.value()) : f).toList()));
        return nameBack(run(imports, aliased, mergers), aliased);
    }

    /**
     * The combined index's block count, as LLVM's LTO adds it: every module whose summary joins the
     * index, the ThinLTO modules and (in a mixed link) the full-LTO ones that carry a summary
     * ({@code LTO::addModule} reads a regular module's summary into the same index; clang writes a
     * block count only for a partial sample profile). Only the ThinLTO modules' ratios are set from it.
     */
    public static long combinedBlockCount(ImportResult imports) {
        return imports.modules().stream().mapToLong(m -> m.summary().blockCount()).sum()
                + imports.regular().stream().mapToLong(m -> m.summary().blockCount()).sum();
    }

    /**
     * The ThinLTO modules' flags as their imports merge them: a partial sample profile's
     * {@code PartialProfileRatio} is set from the combined index's block count in the importing
     * module and in each module it imports from ({@link ProfileSummary#withImportRatio}), so two
     * modules built from one partial profile merge, whatever ratio each was written with.
     */
    public static Map<String, List<ModuleFlag>> withImportRatios(ImportResult imports, Map<String, List<ModuleFlag>> flags) {
        long blockCount = combinedBlockCount(imports);
        Map<String, List<ModuleFlag>> adjusted = new HashMap<>(flags);
        boolean changed = false;
        for (var m : imports.modules()) {
            List<ModuleFlag> own = flags.get(m.name());
            if (own == null) {
                continue;
            }
            List<ModuleFlag> seen = own.stream().map(f -> !f.key().equals(ProfileSummary.KEY) ? f
                    : ProfileSummary.of(f.value()).map(p -> p.withImportRatio(blockCount))
                    .map(p -> new ModuleFlag(f.behavior(), f.key(), p.value())).orElse(f)).toList();
            if (!seen.equals(own)) {
                adjusted.put(m.name(), seen);
                changed = true;
            }
        }
        return changed ? adjusted : flags;
    }

    /**
     * The result in LLVM's own names; {@code flagsAfterImport} then holds every module whose flags lld
     * 15 sees otherwise than LLVM 20's reader (PIC Level Max), changed by its imports or not.
     */
    private static CheckResult nameBack(CheckResult r, Map<String, List<ModuleFlag>> aliased) {
        List<FailingImport> errors = r.errors().stream().map(f -> new FailingImport(f.into(), f.from(), back(f.key()),
                back(f.message()), f.imports(), f.shownByLld())).toList();
        List<FailingImport> regular = r.regularConflicts().stream().map(f -> new FailingImport(f.into(), f.from(),
                back(f.key()), back(f.message()), f.imports(), f.shownByLld())).toList();
        List<SilentChange> warnings = r.warnings().stream().map(c -> new SilentChange(c.into(), c.from(), back(c.key()),
                c.kind(), c.before(), c.after(), c.message() == null ? null : back(c.message()), c.imports())).toList();
        List<LldLine> lines = r.lldLines().stream().map(l -> new LldLine(l.module(), l.source(), back(l.text()))).toList();
        Map<String, List<ModuleFlag>> after = new LinkedHashMap<>();
        aliased.forEach((m, flags) -> {
            List<ModuleFlag> seen = r.flagsAfterImport().getOrDefault(m, flags);
            if (r.flagsAfterImport().containsKey(m) || seen.stream().anyMatch(f -> f.key().equals(PIC_LEVEL_AS_MAX))) {
                after.put(m, seen.stream().map(f -> f.key().equals(PIC_LEVEL_AS_MAX)
                        ? new ModuleFlag(f.behavior(), PIC_LEVEL, f.value()) : f).toList());
            }
        });
        return new CheckResult(r.imports(), errors, warnings, lines, regular, r.failingSource(), after, r.broken(),
                r.crashedMerges());
    }

    private static String back(String text) {
        return text.replace(PIC_LEVEL_AS_MAX, PIC_LEVEL);
    }

    private CheckResult check(ImportResult result) throws BitcodeLoadException {
        // Flags LLVM would reject never reach IRMover (it crashes on some); lld stops at the module.
        List<BrokenModule> broken = brokenModules(result);
        Set<String> skip = new HashSet<>();
        broken.forEach(b -> skip.add(b.module()));
        List<FailingImport> errors = new ArrayList<>();
        List<SilentChange> warnings = new ArrayList<>();
        List<LldLine> lines = new ArrayList<>();
        Map<String, String> failing = new LinkedHashMap<>();
        Map<String, List<ModuleFlag>> after = new LinkedHashMap<>();
        int[] flagClass = flagClasses(result.modules());
        for (ModuleImports mi : result.perModule()) {
            if (importsOnlyItsOwnFlags(mi, flagClass)) {
                continue; // identical flags merge to themselves: most modules of most links
            }
            ThinModule into = result.modules().get(mi.module());
            if (skip.contains(into.name())) {
                continue;
            }
            Map<Integer, List<Import>> bySource = new LinkedHashMap<>();
            for (int source : result.sourceModules(mi.module())) {
                if (!skip.contains(result.modules().get(source).name())) {
                    bySource.put(source, new ArrayList<>());
                }
            }
            if (bySource.isEmpty()) {
                continue;
            }
            mi.imports().stream().filter(i -> bySource.containsKey(i.source()))
                    .forEach(i -> bySource.get(i.source()).add(i));
            // What lld does: one merge after another, in source-name order, until one fails.
            List<NamedFlags> sequence = bySource.keySet().stream().map(s -> named(result.modules().get(s))).toList();
            List<FlagMerger.Step> steps;
            try {
                steps = merger.mergeSequence(named(into), sequence);
            } catch (FlagMergeCrashed e) {
                crashes.add(e.getMessage());
                continue; // what this module's imports do is unknown: the others are still checked
            }
            FlagMerger.Step last = steps.get(steps.size() - 1);
            String failingSource = last.failed() ? last.source() : null;
            if (failingSource != null) {
                lines.add(new LldLine(into.name(), last.source(), THIN_PREFIX + last.error()));
                failing.put(into.name(), failingSource);
            } else if (!last.flagsAfter().equals(flagsOf(into))) {
                after.put(into.name(), last.flagsAfter());
            }
            // What each import does on its own, against the importing module's own flags.
            for (Map.Entry<Integer, List<Import>> e : bySource.entrySet()) {
                ThinModule from = result.modules().get(e.getKey());
                if (sameFlags(into, from)) {
                    continue;
                }
                FlagMerger.Step verdict = verdict(into, from);
                if (verdict == null) {
                    continue;
                }
                if (verdict.failed()) {
                    errors.add(new FailingImport(into, from, key(verdict.error()), verdict.error(), e.getValue(),
                            from.name().equals(failingSource)));
                } else {
                    warnings.addAll(changes(into, from, verdict, e.getValue()));
                }
            }
        }
        List<FailingImport> regularConflicts = new ArrayList<>();
        List<ThinModule> regular = result.regular().stream().filter(m -> !skip.contains(m.name())).toList();
        if (!regular.isEmpty()) {
            List<NamedFlags> sequence = regular.stream().map(this::named).toList();
            try {
                List<FlagMerger.Step> steps = merger.mergeSequence(new NamedFlags(LD_TEMP, List.of()), sequence);
                FlagMerger.Step last = steps.get(steps.size() - 1);
                if (last.failed()) {
                    lines.add(new LldLine(LD_TEMP, last.source(), REGULAR_PREFIX + last.error()));
                }
            } catch (FlagMergeCrashed e) {
                crashes.add(e.getMessage());
            }
            regularConflicts.addAll(pairwiseConflicts(regular));
        }
        return new CheckResult(result, List.copyOf(errors), List.copyOf(warnings), List.copyOf(lines),
                List.copyOf(regularConflicts), failing, after, broken, List.copyOf(crashes));
    }

    /** Modules whose flags LLVM's verifier rejects or that are damaged, ThinLTO modules first, in link order. */
    private List<BrokenModule> brokenModules(ImportResult result) {
        List<BrokenModule> broken = new ArrayList<>();
        for (ThinModule m : concat(result.modules(), result.regular())) {
            List<FlagVerifier.Problem> problems = FlagVerifier.check(flagsOf(m));
            if (!problems.isEmpty()) {
                broken.add(new BrokenModule(m.name(), problems));
            }
        }
        return broken;
    }

    private static List<ThinModule> concat(List<ThinModule> a, List<ThinModule> b) {
        List<ThinModule> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Full LTO: every pair of modules (first of each flag class) whose flags cannot merge. */
    private List<FailingImport> pairwiseConflicts(List<ThinModule> modules) throws BitcodeLoadException {
        Map<List<ModuleFlag>, ThinModule> representatives = new LinkedHashMap<>();
        for (ThinModule m : modules) {
            representatives.putIfAbsent(flagsOf(m), m);
        }
        List<ThinModule> reps = new ArrayList<>(representatives.values());
        List<FailingImport> conflicts = new ArrayList<>();
        for (int i = 0; i < reps.size(); i++) {
            for (int j = i + 1; j < reps.size(); j++) {
                FlagMerger.Step step = verdict(reps.get(i), reps.get(j));
                if (step != null && step.failed()) {
                    conflicts.add(new FailingImport(reps.get(i), reps.get(j), key(step.error()), step.error(), List.of(),
                            false));
                }
            }
        }
        return conflicts;
    }

    // The same two flag sets always merge the same way; only the names in the text differ.
    // Null when the merge crashed libLLVM in an isolated worker (one line for the pair).
    private FlagMerger.Step verdict(ThinModule into, ThinModule from) throws BitcodeLoadException {
        List<List<ModuleFlag>> key = List.of(flagsOf(into), flagsOf(from));
        String crashed = crashedPairs.get(key);
        if (crashed != null) {
            crashes.add("libLLVM crashed merging the flags of " + into.name() + " and " + from.name() + " (" + crashed
                    + ")");
            return null;
        }
        FlagMerger.Step cached = pairVerdicts.get(key);
        if (cached != null && !cached.failed() && cached.warnings().isEmpty()) {
            return cached;
        }
        FlagMerger.Step step;
        try {
            step = merger.merge(named(into), named(from));
        } catch (FlagMergeCrashed e) {
            crashes.add(e.getMessage());
            crashedPairs.put(key, "the same flags crashed it before");
            return null;
        }
        pairVerdicts.put(key, step);
        return step;
    }

    private List<SilentChange> changes(ThinModule into, ThinModule from, FlagMerger.Step step, List<Import> imports) {
        List<SilentChange> changes = new ArrayList<>();
        Map<String, String> before = texts(flagsOf(into));
        Map<String, String> after = texts(step.flagsAfter());
        after.forEach((key, value) -> {
            String old = before.get(key);
            if (old == null) {
                changes.add(new SilentChange(into, from, key, SilentChange.Kind.ADOPTED, null, value, null, imports));
            } else if (!old.equals(value)) {
                changes.add(new SilentChange(into, from, key, SilentChange.Kind.CHANGED, old, value, null, imports));
            }
        });
        for (String warning : step.warnings()) {
            changes.add(new SilentChange(into, from, key(warning), SilentChange.Kind.WARNING, null, null, warning,
                    imports));
        }
        return changes;
    }

    private static Map<String, String> texts(List<ModuleFlag> flags) {
        Map<String, String> map = new LinkedHashMap<>();
        flags.forEach(f -> map.put(f.key(), f.value().llvmText()));
        return map;
    }

    /** One number per distinct flag list (a kernel has a handful), so that modules compare as ints. */
    private int[] flagClasses(List<ThinModule> modules) {
        Map<List<ModuleFlag>, Integer> classes = new HashMap<>();
        int[] flagClass = new int[modules.size()];
        for (int m = 0; m < flagClass.length; m++) {
            flagClass[m] = classes.computeIfAbsent(flagsOf(modules.get(m)), k -> classes.size());
        }
        return flagClass;
    }

    private static boolean importsOnlyItsOwnFlags(ModuleImports mi, int[] flagClass) {
        int own = flagClass[mi.module()];
        for (Import i : mi.imports()) {
            if (flagClass[i.source()] != own) {
                return false;
            }
        }
        return true;
    }

    private boolean sameFlags(ThinModule a, ThinModule b) {
        return Objects.equals(flagsOf(a), flagsOf(b));
    }

    private List<ModuleFlag> flagsOf(ThinModule m) {
        return flagsByModule.getOrDefault(m.name(), List.of());
    }

    private NamedFlags named(ThinModule m) {
        return new NamedFlags(m.name(), flagsOf(m));
    }

    static String key(String message) {
        Matcher m = KEY.matcher(message);
        return m.find() ? m.group(1) : "";
    }
}
