package dev.ltocheck.imports;

import dev.ltocheck.summary.GlobalSummary;
import dev.ltocheck.summary.Linkage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code computeDeadSymbolsAndUpdateIndirectCalls} and {@code propagateAttributes}: which
 * summaries are live, and which variables are really read-only or write-only, after the thin link.
 */
final class Liveness {
    enum Prevailing { YES, NO, UNKNOWN }

    private Liveness() {
    }

    static void computeDeadSymbols(CombinedIndex index, Set<Long> preserved, Map<Long, Prevailing> prevailing,
                                   ImportOptions options) {
        if (!options.computeDead() || preserved.isEmpty()) {
            return;
        }
        Deque<Long> worklist = new ArrayDeque<>();
        for (long guid : preserved) {
            for (CombinedIndex.Entry e : index.summaries(guid)) {
                index.live[e.id()] = true;
            }
        }
        for (Map.Entry<Long, List<CombinedIndex.Entry>> byGuid : index.byGuid()) {
            for (CombinedIndex.Entry e : byGuid.getValue()) {
                if (index.live[e.id()]) {
                    worklist.push(byGuid.getKey());
                    break;
                }
            }
        }
        while (!worklist.isEmpty()) {
            long guid = worklist.pop();
            for (CombinedIndex.Entry e : index.summaries(guid)) {
                if (e.summary() instanceof GlobalSummary.Alias a) {
                    visit(index, a.aliaseeGuid(), true, prevailing, worklist);
                    continue;
                }
                for (GlobalSummary.Ref r : e.summary().refs()) {
                    visit(index, r.guid(), false, prevailing, worklist);
                }
                if (e.summary() instanceof GlobalSummary.Function f) {
                    for (GlobalSummary.Call c : f.calls()) {
                        visit(index, c.guid(), false, prevailing, worklist);
                    }
                }
            }
        }
        index.deadStripping = true;
    }

    private static void visit(CombinedIndex index, long guid, boolean isAliasee, Map<Long, Prevailing> prevailing,
                              Deque<Long> worklist) {
        List<CombinedIndex.Entry> list = index.summaries(guid);
        for (CombinedIndex.Entry e : list) {
            if (index.live[e.id()]) {
                return;
            }
        }
        // A symbol whose prevailing copy is outside the thin link stays dead, unless a copy may
        // still be used locally (available_externally, linkonce_odr, weak_odr).
        if (prevailing.getOrDefault(guid, Prevailing.UNKNOWN) == Prevailing.NO && !isAliasee) {
            boolean keepAlive = list.stream().map(e -> e.summary().flags().linkage())
                    .anyMatch(l -> l == Linkage.AVAILABLE_EXTERNALLY || l == Linkage.WEAK_ODR || l == Linkage.LINKONCE_ODR);
            if (!keepAlive) {
                return;
            }
        }
        for (CombinedIndex.Entry e : list) {
            index.live[e.id()] = true;
        }
        worklist.push(guid);
    }

    static void propagateAttributes(CombinedIndex index, Set<Long> preserved, ImportOptions options) {
        if (!options.propagateAttrs()) {
            return;
        }
        java.util.Set<Long> markedNonReadWriteOnly = new java.util.HashSet<>();
        for (Map.Entry<Long, List<CombinedIndex.Entry>> byGuid : index.byGuid()) {
            for (CombinedIndex.Entry s : byGuid.getValue()) {
                if (!index.isLive(s)) {
                    break; // references from dead objects are not examined
                }
                CombinedIndex.Entry base = index.base(s);
                if (base != null && base.summary() instanceof GlobalSummary.Variable) {
                    // Flags of S itself (an alias's own), not of the aliasee.
                    if (!canImportGlobalVar(index, s, false, options) || preserved.contains(byGuid.getKey())) {
                        index.readOnly[base.id()] = false;
                        index.writeOnly[base.id()] = false;
                    }
                }
                for (GlobalSummary.Ref ref : s.summary().refs()) {
                    boolean plain = !ref.readOnly() && !ref.writeOnly();
                    if (plain) {
                        if (!markedNonReadWriteOnly.add(ref.guid())) {
                            continue;
                        }
                    } else if (markedNonReadWriteOnly.contains(ref.guid())) {
                        continue;
                    }
                    for (CombinedIndex.Entry target : index.summaries(ref.guid())) {
                        CombinedIndex.Entry variable = index.base(target);
                        if (variable != null && variable.summary() instanceof GlobalSummary.Variable) {
                            if (!ref.readOnly()) {
                                index.readOnly[variable.id()] = false;
                            }
                            if (!ref.writeOnly()) {
                                index.writeOnly[variable.id()] = false;
                            }
                        }
                    }
                }
            }
        }
        index.attributePropagation = true;
    }

    /** {@code ModuleSummaryIndex::canImportGlobalVar}. */
    static boolean canImportGlobalVar(CombinedIndex index, CombinedIndex.Entry s, boolean analyzeRefs,
                                      ImportOptions options) {
        CombinedIndex.Entry base = index.base(s);
        if (base == null || !(base.summary() instanceof GlobalSummary.Variable v)) {
            return false;
        }
        if (s.summary().flags().linkage().isInterposable() || s.summary().flags().notEligibleToImport()) {
            return false;
        }
        if (!analyzeRefs) {
            return true;
        }
        boolean refsPreventImport = !(options.importConstantsWithRefs() && v.constant())
                && !index.isReadOnly(base) && !index.isWriteOnly(base) && !v.refs().isEmpty();
        return !refsPreventImport;
    }
}
