package dev.ltocheck.imports;

import dev.ltocheck.parallel.Workers;
import dev.ltocheck.summary.GlobalSummary;
import dev.ltocheck.summary.Linkage;

import java.util.List;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.LongSet;

/**
 * {@code computeDeadSymbolsAndUpdateIndirectCalls} and {@code propagateAttributes}: which
 * summaries are live, and which variables are really read-only or write-only, after the thin link.
 */
final class Liveness {
    enum Prevailing { YES, NO, UNKNOWN }

    private Liveness() {
    }

    /**
     * @param preserved  GUIDs the link keeps whatever happens (exported, or every symbol of ld -r)
     * @param prevailing per GUID whether its prevailing copy is in the thin link; absent: unknown
     */
    static void computeDeadSymbols(CombinedIndex index, LongSet preserved, Long2ObjectMap<Prevailing> prevailing,
                                   ImportOptions options) {
        if (!options.computeDead() || preserved.isEmpty()) {
            return;
        }
        // Only GUIDs some module defines can be marked; the rest are looked at by number.
        Prevailing[] prevailingById = new Prevailing[index.guidCount()];
        for (int g = 0; g < prevailingById.length; g++) {
            prevailingById[g] = prevailing.getOrDefault(index.guid(g), Prevailing.UNKNOWN);
        }
        IntArrayList worklist = new IntArrayList();
        preserved.forEach((long guid) -> {
            for (CombinedIndex.Entry e : index.summaries(guid)) {
                index.live[e.id()] = true;
            }
        });
        for (int g = 0; g < index.guidCount(); g++) {
            for (CombinedIndex.Entry e : index.summariesOf(g)) {
                if (index.live[e.id()]) {
                    worklist.push(g);
                    break;
                }
            }
        }
        while (!worklist.isEmpty()) {
            for (CombinedIndex.Entry e : index.summariesOf(worklist.popInt())) {
                if (e.summary() instanceof GlobalSummary.Alias a) {
                    visit(index, index.guidId(a.aliaseeGuid()), true, prevailingById, worklist);
                    continue;
                }
                for (int target : index.refTargets(e)) {
                    visit(index, target, false, prevailingById, worklist);
                }
                for (int target : index.callTargets(e)) {
                    visit(index, target, false, prevailingById, worklist);
                }
            }
        }
        index.deadStripping = true;
    }

    private static void visit(CombinedIndex index, int g, boolean isAliasee, Prevailing[] prevailing,
                              IntArrayList worklist) {
        if (g < 0) {
            return; // no summary anywhere: nothing to mark
        }
        CombinedIndex.Entry[] list = index.summariesOf(g);
        for (CombinedIndex.Entry e : list) {
            if (index.live[e.id()]) {
                return;
            }
        }
        // A symbol whose prevailing copy is outside the thin link stays dead, unless a copy may
        // still be used locally (available_externally, linkonce_odr, weak_odr).
        if (prevailing[g] == Prevailing.NO && !isAliasee) {
            boolean keepAlive = false;
            for (CombinedIndex.Entry e : list) {
                Linkage l = e.summary().flags().linkage();
                keepAlive |= l == Linkage.AVAILABLE_EXTERNALLY || l == Linkage.WEAK_ODR || l == Linkage.LINKONCE_ODR;
            }
            if (!keepAlive) {
                return;
            }
        }
        for (CombinedIndex.Entry e : list) {
            index.live[e.id()] = true;
        }
        worklist.push(g);
    }

    static void propagateAttributes(CombinedIndex index, LongSet preserved, ImportOptions options, Workers workers) {
        if (!options.propagateAttrs()) {
            return;
        }
        // Once a plain reference has cleared both bits of a variable, its other references change nothing.
        // The pass only ever clears bits, so its outcome is the same in any order: the GUIDs are
        // shared out in ranges among the pool's threads. Two threads may both clear a bit, or both
        // mark a target (a boolean is written alone, never torn): either way the bits end the same.
        boolean[] markedNonReadWriteOnly = new boolean[index.guidCount()];
        int count = index.guidCount();
        int ranges = Math.max(1, Math.min(64, count / 1024));
        workers.forEachIndex(ranges, r -> {
            for (int g = (int) ((long) count * r / ranges), to = (int) ((long) count * (r + 1) / ranges); g < to; g++) {
                propagateFrom(index, g, preserved, options, markedNonReadWriteOnly);
            }
        });
        index.attributePropagation = true;
    }

    /** The references of every live summary of GUID number {@code g}. */
    private static void propagateFrom(CombinedIndex index, int g, LongSet preserved, ImportOptions options,
                                      boolean[] markedNonReadWriteOnly) {
        for (CombinedIndex.Entry s : index.summariesOf(g)) {
            if (!index.isLive(s)) {
                break; // references from dead objects are not examined
            }
            CombinedIndex.Entry base = index.base(s);
            if (base != null && base.summary() instanceof GlobalSummary.Variable) {
                // Flags of S itself (an alias's own), not of the aliasee.
                if (!canImportGlobalVar(index, s, false, options) || preserved.contains(index.guid(g))) {
                    index.readOnly[base.id()] = false;
                    index.writeOnly[base.id()] = false;
                }
            }
            List<GlobalSummary.Ref> refs = s.summary().refs();
            int[] targets = index.refTargets(s);
            for (int i = 0; i < targets.length; i++) {
                GlobalSummary.Ref ref = refs.get(i);
                int t = targets[i];
                if (t < 0) {
                    continue; // no summary to update
                }
                boolean plain = !ref.readOnly() && !ref.writeOnly();
                if (plain) {
                    if (markedNonReadWriteOnly[t]) {
                        continue;
                    }
                    markedNonReadWriteOnly[t] = true;
                } else if (markedNonReadWriteOnly[t]) {
                    continue;
                }
                for (CombinedIndex.Entry target : index.summariesOf(t)) {
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
