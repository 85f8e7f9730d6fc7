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
    /**
     * Per callee GUID, LLVM's {@code ImportThresholds} entry: the largest threshold tried, the
     * summary chosen, and the failure info (kept always: a few field writes per edge).
     */
    private static final class CalleeState {
        final long guid;
        long processedThreshold;
        CombinedIndex.Entry chosen;
        /** The name it is imported under: an alias's own, though its aliasee is what is chosen. */
        String chosenName;
        ImportFailureReason reason = ImportFailureReason.NONE;
        int maxHotness;
        int attempts;
        /** The caller whose edge set processedThreshold, and that edge's hotness. */
        CallPath via;
        int viaHotness;
        int declaredIn;

        CalleeState(long guid) {
            this.guid = guid;
        }
    }

    private record Work(CombinedIndex.Entry function, CallPath path) {
    }

    private record Key(int source, long guid) {
    }

    private final CombinedIndex index;
    private final ImportOptions options;
    private final Long2IntMap prevailingModule;
    private final int[] importCount;

    private int module;
    private Long2ObjectOpenHashMap<CalleeState> thresholds;
    private List<CalleeState> considered;
    private Map<Key, Import> imports;
    private Deque<Work> worklist;
    /** selectCallee's out-parameter: why the last candidate it looked at was not chosen. */
    private ImportFailureReason reason;

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
        considered = new ArrayList<>();
        imports = new LinkedHashMap<>();
        worklist = new ArrayDeque<>();
        // Roots in the order LLVM walks the module's GVSummaryMapTy (a DenseMap): it decides how
        // often an imported function is walked again, hence the failures' attempts.
        long[] defined = index.definedGuidsInGuidOrder(module);
        for (int at : DenseMapOrder.of(defined)) {
            CombinedIndex.Entry e = index.definedIn(module, defined[at]);
            if (!index.isLive(e)) {
                continue;
            }
            CombinedIndex.Entry base = index.base(e);
            if (base == null || !(base.summary() instanceof GlobalSummary.Function)) {
                continue;
            }
            computeImportForFunction(base, new CallPath(displayName(base), options.instrLimit(), false, null));
        }
        while (!worklist.isEmpty()) {
            Work w = worklist.pop();
            computeImportForFunction(w.function(), w.path());
        }
        return new ModuleImports(module, List.copyOf(imports.values()), decisions());
    }

    /** The ImportThresholds entries as decisions, in the order their callees were first reached. */
    private List<ImportDecision> decisions() {
        ImportDecision[] decisions = new ImportDecision[considered.size()];
        for (int i = 0; i < decisions.length; i++) {
            CalleeState s = considered.get(i);
            if (s.chosen != null) {
                decisions[i] = new ImportDecision(s.guid, s.chosenName, s.chosen.module(),
                        ImportFailureReason.NONE, s.processedThreshold,
                        ((GlobalSummary.Function) s.chosen.summary()).instCount(), s.maxHotness, s.attempts,
                        s.via, s.viaHotness, s.declaredIn);
                continue;
            }
            // As -print-import-failures prints it: the size of the first summary's base object.
            int guidId = index.guidId(s.guid);
            CombinedIndex.Entry first = guidId < 0 ? null : index.summariesOf(guidId)[0];
            CombinedIndex.Entry base = first == null ? null : index.base(first);
            int size = base != null && base.summary() instanceof GlobalSummary.Function f ? f.instCount() : -1;
            decisions[i] = new ImportDecision(s.guid, first == null ? "" : first.summary().name(), -1, s.reason,
                    s.processedThreshold, size, s.maxHotness, s.attempts, s.via, s.viaHotness, s.declaredIn);
        }
        return List.of(decisions);
    }

    private void computeImportForFunction(CombinedIndex.Entry caller, CallPath path) {
        long threshold = path.threshold();
        importGlobals(caller, path);
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
                state = new CalleeState(edge.guid());
                state.processedThreshold = toUnsigned(newThreshold);
                state.via = path;
                state.viaHotness = edge.hotness();
                state.declaredIn = caller.module();
                thresholds.put(edge.guid(), state);
                considered.add(state);
            }
            CombinedIndex.Entry resolved;
            if (state.chosen != null) {
                // Reached again with a larger threshold: re-queue so its callees get another chance.
                if (newThreshold <= state.processedThreshold) {
                    continue;
                }
                state.processedThreshold = toUnsigned(newThreshold);
                state.via = path;
                state.viaHotness = edge.hotness();
                resolved = state.chosen;
            } else {
                if (previouslyVisited && newThreshold <= state.processedThreshold) {
                    state.attempts++; // rejected before at this threshold or more
                    continue;
                }
                CombinedIndex.Entry selected = selectCallee(targets[i], toUnsigned(newThreshold), caller.module());
                if (selected == null) {
                    if (previouslyVisited) {
                        state.processedThreshold = toUnsigned(newThreshold);
                        state.via = path;
                        state.viaHotness = edge.hotness();
                        state.maxHotness = Math.max(state.maxHotness, edge.hotness());
                    } else {
                        state.maxHotness = edge.hotness();
                    }
                    state.reason = reason;
                    state.attempts++;
                    if (options.forceImportAll()) {
                        break; // LLVM logs "Failed to import function ..." and leaves this caller's edges
                    }
                    continue;
                }
                resolved = index.base(selected);
                state.chosen = resolved;
                state.chosenName = calleeName(edge.guid(), selected);
                GlobalSummary.Function f = (GlobalSummary.Function) resolved.summary();
                imports.putIfAbsent(new Key(resolved.module(), edge.guid()), new Import(edge.guid(),
                        calleeName(edge.guid(), selected), promoted(calleeName(edge.guid(), selected), selected),
                        Import.Kind.FUNCTION, resolved.module(), f.instCount(), toUnsigned(newThreshold),
                        path.plus(calleeName(edge.guid(), selected), -1, false).names()));
            }
            boolean hot = edge.hotness() == GlobalSummary.Call.HOT;
            float adjusted = threshold * (hot ? options.hotEvolutionFactor() : options.instrEvolutionFactor());
            importCount[0]++;
            worklist.push(new Work(resolved, path.plus(displayName(resolved), toUnsigned(adjusted), hot)));
        }
    }

    /**
     * {@code selectCallee}: the policy over {@link #qualifyCalleeCandidates}' legal candidates
     * (size against the threshold, noinline); the first that fits, or null with {@link #reason}
     * set to the last candidate's reason (NONE when the GUID has no summary at all).
     */
    private CombinedIndex.Entry selectCallee(int guidId, long threshold, int callerModule) {
        reason = ImportFailureReason.NONE;
        if (guidId < 0) {
            return null; // no module defines it
        }
        CombinedIndex.Entry[] candidates = index.summariesOf(guidId);
        for (CombinedIndex.Entry candidate : candidates) {
            reason = qualifyCalleeCandidate(candidate, candidates.length, callerModule);
            if (reason != ImportFailureReason.NONE) {
                continue;
            }
            GlobalSummary.Function f = (GlobalSummary.Function) index.base(candidate).summary();
            if (f.instCount() > threshold && !f.alwaysInline() && !options.forceImportAll()) {
                reason = ImportFailureReason.TOO_LARGE;
                continue;
            }
            if (f.noInline() && !options.forceImportAll()) {
                reason = ImportFailureReason.NO_INLINE;
                continue;
            }
            return candidate;
        }
        return null;
    }

    /** {@code qualifyCalleeCandidates}, for one candidate: may it be imported at all (legality, no threshold)? */
    private ImportFailureReason qualifyCalleeCandidate(CombinedIndex.Entry candidate, int copies, int callerModule) {
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
        return ImportFailureReason.NONE;
    }

    /** {@code GlobalsImporter::onImportingSummary}: variables referenced by what is processed. */
    private void importGlobals(CombinedIndex.Entry summary, CallPath chain) {
        Deque<CombinedIndex.Entry> pending = new ArrayDeque<>();
        Deque<CallPath> pendingChains = new ArrayDeque<>();
        pending.push(summary);
        pendingChains.push(chain);
        while (!pending.isEmpty()) {
            CombinedIndex.Entry s = pending.pop();
            CallPath c = pendingChains.pop();
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
                            candidate.module(), -1, -1, c.plus(name, -1, false).names()));
                    if (!index.isWriteOnly(candidate)) {
                        pending.push(candidate);
                        pendingChains.push(c.plus(name, -1, false));
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
