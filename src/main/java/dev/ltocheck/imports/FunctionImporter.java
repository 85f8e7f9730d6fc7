package dev.ltocheck.imports;

import dev.ltocheck.summary.GlobalSummary;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A port of LLVM 20's {@code ModuleImportsManager::computeImportForModule}: from every live
 * function defined in the module, follow call edges and import callees that fit the threshold
 * (which decays along the chain), plus the variables referenced by everything processed.
 * Comments name the LLVM function each step comes from; arithmetic is single-precision float
 * truncated to unsigned, as in C++.
 */
final class FunctionImporter {
    /** Per callee GUID: the largest threshold tried, and the summary chosen. */
    private static final class CalleeState {
        long processedThreshold;
        CombinedIndex.Entry chosen;
    }

    private record Work(CombinedIndex.Entry function, long threshold, Chain chain) {
    }

    private record Key(int source, long guid) {
    }

    /** The call chain that led to an import, innermost last; shared tails, no copying. */
    private record Chain(String name, Chain parent) {
        Chain plus(String next) {
            return new Chain(next, this);
        }

        List<String> toList() {
            List<String> names = new ArrayList<>();
            for (Chain c = this; c != null; c = c.parent()) {
                names.add(0, c.name());
            }
            return List.copyOf(names);
        }
    }

    private final CombinedIndex index;
    private final ImportOptions options;
    private final Long2IntMap prevailingModule;
    private final int[] importCount;

    private int module;
    private Long2ObjectOpenHashMap<CalleeState> thresholds;
    private Map<Key, Import> imports;
    private Deque<Work> worklist;

    /**
     * @param importCount LLVM's function-static ImportCount, shared by every module of one thin
     *                    link: only {@code -import-cutoff} reads it
     */
    FunctionImporter(CombinedIndex index, ImportOptions options, Long2IntMap prevailingModule,
                     int[] importCount) {
        this.index = index;
        this.options = options;
        this.prevailingModule = prevailingModule;
        this.importCount = importCount;
    }

    ModuleImports computeImportForModule(int module) {
        this.module = module;
        thresholds = new Long2ObjectOpenHashMap<>();
        imports = new LinkedHashMap<>();
        worklist = new ArrayDeque<>();
        for (CombinedIndex.Entry e : index.definedIn(module)) {
            if (!index.isLive(e) || index.definedIn(module, e.summary().guid()) != e) {
                continue;
            }
            CombinedIndex.Entry base = index.base(e);
            if (base == null || !(base.summary() instanceof GlobalSummary.Function)) {
                continue;
            }
            computeImportForFunction(base, options.instrLimit(), new Chain(displayName(base), null));
        }
        while (!worklist.isEmpty()) {
            Work w = worklist.pop();
            computeImportForFunction(w.function(), w.threshold(), w.chain());
        }
        return new ModuleImports(module, List.copyOf(imports.values()));
    }

    private void computeImportForFunction(CombinedIndex.Entry caller, long threshold, Chain chain) {
        importGlobals(caller, chain);
        List<GlobalSummary.Call> calls = ((GlobalSummary.Function) caller.summary()).calls();
        int[] targets = index.callTargets(caller);
        for (int i = 0; i < targets.length; i++) {
            GlobalSummary.Call edge = calls.get(i);
            if (options.cutoff() >= 0 && importCount[0] >= options.cutoff()) {
                continue;
            }
            if (index.definedIn(module, edge.guid()) != null) {
                continue;
            }
            float newThreshold = threshold * multiplier(edge.hotness());
            CalleeState state = thresholds.get(edge.guid());
            boolean previouslyVisited = state != null;
            if (!previouslyVisited) {
                state = new CalleeState();
                state.processedThreshold = toUnsigned(newThreshold);
                thresholds.put(edge.guid(), state);
            }
            CombinedIndex.Entry resolved;
            if (state.chosen != null) {
                // Reached again with a larger threshold: re-queue so its callees get another chance.
                if (newThreshold <= state.processedThreshold) {
                    continue;
                }
                state.processedThreshold = toUnsigned(newThreshold);
                resolved = state.chosen;
            } else {
                if (previouslyVisited && newThreshold <= state.processedThreshold) {
                    continue;
                }
                CombinedIndex.Entry selected = selectCallee(targets[i], toUnsigned(newThreshold), caller.module());
                if (selected == null) {
                    if (previouslyVisited) {
                        state.processedThreshold = toUnsigned(newThreshold);
                    }
                    continue;
                }
                resolved = index.base(selected);
                state.chosen = resolved;
                GlobalSummary.Function f = (GlobalSummary.Function) resolved.summary();
                imports.putIfAbsent(new Key(resolved.module(), edge.guid()), new Import(edge.guid(),
                        calleeName(edge.guid(), selected), promoted(calleeName(edge.guid(), selected), selected),
                        Import.Kind.FUNCTION, resolved.module(), f.instCount(), toUnsigned(newThreshold),
                        chain.plus(calleeName(edge.guid(), selected)).toList()));
            }
            float adjusted = threshold * (edge.hotness() == GlobalSummary.Call.HOT
                    ? options.hotEvolutionFactor() : options.instrEvolutionFactor());
            importCount[0]++;
            worklist.push(new Work(resolved, toUnsigned(adjusted), chain.plus(displayName(resolved))));
        }
    }

    /** {@code selectCallee} over {@code qualifyCalleeCandidates}: the first candidate that fits. */
    private CombinedIndex.Entry selectCallee(int guidId, long threshold, int callerModule) {
        if (guidId < 0) {
            return null; // no module defines it
        }
        CombinedIndex.Entry[] candidates = index.summariesOf(guidId);
        for (CombinedIndex.Entry candidate : candidates) {
            if (qualify(candidate, candidates.length, callerModule, threshold) == ImportFailureReason.NONE) {
                return candidate;
            }
        }
        return null;
    }

    private ImportFailureReason qualify(CombinedIndex.Entry candidate, int copies, int callerModule, long threshold) {
        if (!index.isLive(candidate)) {
            return ImportFailureReason.NOT_LIVE;
        }
        if (candidate.summary().flags().linkage().isInterposable()) {
            return ImportFailureReason.INTERPOSABLE_LINKAGE;
        }
        CombinedIndex.Entry base = index.base(candidate);
        if (base == null || !(base.summary() instanceof GlobalSummary.Function)) {
            return ImportFailureReason.GLOBAL_VAR;
        }
        if (base.summary().flags().linkage().isLocal() && copies > 1 && base.module() != callerModule) {
            return ImportFailureReason.LOCAL_LINKAGE_NOT_IN_MODULE;
        }
        if (base.summary().flags().notEligibleToImport()) {
            return ImportFailureReason.NOT_ELIGIBLE;
        }
        GlobalSummary.Function f = (GlobalSummary.Function) base.summary();
        if (f.instCount() > threshold && !f.alwaysInline() && !options.forceImportAll()) {
            return ImportFailureReason.TOO_LARGE;
        }
        if (f.noInline() && !options.forceImportAll()) {
            return ImportFailureReason.NO_INLINE;
        }
        return ImportFailureReason.NONE;
    }

    /** {@code GlobalsImporter::onImportingSummary}: variables referenced by what is processed. */
    private void importGlobals(CombinedIndex.Entry summary, Chain chain) {
        Deque<CombinedIndex.Entry> pending = new ArrayDeque<>();
        Deque<Chain> pendingChains = new ArrayDeque<>();
        pending.push(summary);
        pendingChains.push(chain);
        while (!pending.isEmpty()) {
            CombinedIndex.Entry s = pending.pop();
            Chain c = pendingChains.pop();
            List<GlobalSummary.Ref> refs = s.summary().refs();
            int[] targets = index.refTargets(s);
            for (int i = 0; i < targets.length; i++) {
                GlobalSummary.Ref ref = refs.get(i);
                if (targets[i] < 0 || !shouldImportGlobal(ref.guid())) {
                    continue; // no module defines it, or this one keeps its own
                }
                for (CombinedIndex.Entry candidate : index.summariesOf(targets[i])) {
                    if (!(candidate.summary() instanceof GlobalSummary.Variable)
                            || !Liveness.canImportGlobalVar(index, candidate, true, options)
                            || (candidate.summary().flags().linkage().isLocal() && candidate.module() != s.module())) {
                        continue;
                    }
                    Key key = new Key(candidate.module(), ref.guid());
                    if (imports.containsKey(key)) {
                        break;
                    }
                    String name = candidate.summary().name();
                    imports.put(key, new Import(ref.guid(), name, promoted(name, candidate), Import.Kind.VARIABLE,
                            candidate.module(), -1, -1, c.plus(name).toList()));
                    if (!index.isWriteOnly(candidate)) {
                        pending.push(candidate);
                        pendingChains.push(c.plus(name));
                    }
                    break;
                }
            }
        }
    }

    private boolean shouldImportGlobal(long guid) {
        CombinedIndex.Entry own = index.definedIn(module, guid);
        if (own == null) {
            return true;
        }
        // A non-prevailing interposable copy here is dropped by the link: import the prevailing one.
        return index.summaries(guid).length > 1 && own.summary().flags().linkage().isInterposable()
                && prevailingModule.getOrDefault(guid, -1) != own.module();
    }

    private float multiplier(int hotness) {
        return switch (hotness) {
            case GlobalSummary.Call.HOT -> options.hotMultiplier();
            case GlobalSummary.Call.COLD -> options.coldMultiplier();
            case GlobalSummary.Call.CRITICAL -> options.criticalMultiplier();
            default -> 1.0f;
        };
    }

    // C++ float -> unsigned conversion truncates toward zero.
    private static long toUnsigned(float value) {
        return value <= 0 ? 0 : (long) value;
    }

    // An edge to an alias is imported under the alias's name, from the aliasee's module.
    private String calleeName(long guid, CombinedIndex.Entry selected) {
        return selected.summary().name();
    }

    private String displayName(CombinedIndex.Entry e) {
        return e.summary().name().isEmpty() ? Long.toUnsignedString(e.summary().guid()) : e.summary().name();
    }

    /** Locals are renamed on export: {@code name.llvm.<module hash>} (ModuleSummaryIndex::getGlobalNameForLocal). */
    private String promoted(String name, CombinedIndex.Entry e) {
        if (!e.summary().flags().linkage().isLocal()) {
            return name;
        }
        return name + ".llvm." + index.modules().get(e.module()).summary().promotionSuffix();
    }
}
