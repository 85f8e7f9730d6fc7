package dev.ltocheck.imports;

import dev.ltocheck.parallel.Workers;
import dev.ltocheck.summary.GlobalSummary;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

import java.util.List;

/**
 * The thin link's combined summary index: every summary of every joined ThinLTO module, by GUID
 * in link order (the order LLVM's {@code ValueInfo} summary lists have), with the liveness and
 * read-only/write-only bits the thin link computes on it.
 *
 * <p>Every GUID some module defines gets a dense number, so that the passes over the index work
 * on arrays; entries of one module are consecutive.
 */
final class CombinedIndex {
    /** One summary of one module. {@code id} indexes the per-summary bit arrays. */
    record Entry(int id, int module, int guidId, GlobalSummary summary) {
    }

    private static final Entry[] NONE = new Entry[0];
    private static final int[] NO_TARGETS = new int[0];

    private final List<ThinModule> modules;
    private final Long2IntOpenHashMap guidIds;
    private final long[] guids;
    private final Entry[][] byGuid;
    private final Entry[] entries;
    private final int[] moduleStart;
    private final long[] moduleGuids;
    private final int[] moduleEntries;
    /** Each entry's {@link #base}, by id: -1 for none. Asked for every summary of every import decision. */
    private final int[] baseOf;
    private final int[][] refTargets;
    private final int[][] callTargets;
    final boolean[] live;
    final boolean[] readOnly;
    final boolean[] writeOnly;
    boolean deadStripping;
    boolean attributePropagation;

    /**
     * @param workers the run's pool: the numbering of GUIDs is one pass in link order; what each
     *                module's entries derive from it (sorted definitions, aliasees, reference and call
     *                targets, flags) is computed module by module on the pool. The index does not
     *                depend on the thread count.
     */
    CombinedIndex(List<ThinModule> modules, Workers workers) {
        this.modules = modules;
        int total = 0;
        for (ThinModule m : modules) {
            total += m.summary().globals().size();
        }
        guidIds = new Long2IntOpenHashMap(total);
        guidIds.defaultReturnValue(-1);
        long[] guidsById = new long[total];
        int[] copies = new int[total];
        entries = new Entry[total];
        moduleStart = new int[modules.size() + 1];
        int[] guidIdOfEntry = new int[total];
        int id = 0;
        for (int m = 0; m < modules.size(); m++) {
            moduleStart[m] = id;
            List<GlobalSummary> globals = modules.get(m).summary().globals();
            for (int k = 0, n = globals.size(); k < n; k++) {
                long guid = globals.get(k).guid();
                int guidId = guidIds.putIfAbsent(guid, guidIds.size());
                if (guidId < 0) {
                    guidId = guidIds.size() - 1;
                    guidsById[guidId] = guid;
                }
                copies[guidId]++;
                guidIdOfEntry[id++] = guidId;
            }
        }
        moduleStart[modules.size()] = id;
        guids = java.util.Arrays.copyOf(guidsById, guidIds.size());
        moduleGuids = new long[total];
        moduleEntries = new int[total];
        baseOf = new int[total];
        refTargets = new int[total][];
        callTargets = new int[total][];
        live = new boolean[total];
        readOnly = new boolean[total];
        writeOnly = new boolean[total];
        // Each module writes its own slots only, and reads the GUID numbers, final by now.
        workers.forEachIndex(modules.size(), m -> deriveModule(m, guidIdOfEntry));
        byGuid = new Entry[guids.length][];
        for (int g = 0; g < guids.length; g++) {
            byGuid[g] = new Entry[copies[g]];
        }
        int[] filled = new int[guids.length];
        for (Entry e : entries) {
            byGuid[e.guidId()][filled[e.guidId()]++] = e;
        }
    }

    /** What one module's entries derive from the GUID numbering, in that module's slots of the arrays. */
    private void deriveModule(int m, int[] guidIdOfEntry) {
        int from = moduleStart[m];
        int to = moduleStart[m + 1];
        List<GlobalSummary> globals = modules.get(m).summary().globals();
        for (int k = from; k < to; k++) {
            entries[k] = new Entry(k, m, guidIdOfEntry[k], globals.get(k - from));
        }
        // Each module's own definitions sorted by GUID, for definedIn(module, guid) in O(log n):
        // a linkonce_odr helper can have a copy in most modules, so scanning its copies is not.
        int[] order = new int[to - from];
        for (int i = 0; i < order.length; i++) {
            order[i] = from + i;
        }
        // Stable: of two summaries with one GUID, the later stays later (and is the one found).
        // Primitive indexes: a boxed Integer per summary and its comparisons were a tenth of the thin link.
        it.unimi.dsi.fastutil.ints.IntArrays.mergeSort(order,
                (a, b) -> Long.compare(entries[a].summary().guid(), entries[b].summary().guid()));
        for (int i = 0; i < order.length; i++) {
            moduleGuids[from + i] = entries[order[i]].summary().guid();
            moduleEntries[from + i] = order[i];
        }
        for (int k = from; k < to; k++) {
            Entry e = entries[k];
            Entry base = e;
            if (e.summary() instanceof GlobalSummary.Alias a) {
                Entry aliasee = definedIn(e.module(), a.aliaseeGuid());
                base = aliasee == null || aliasee.summary() instanceof GlobalSummary.Alias ? null : aliasee;
            }
            baseOf[e.id()] = base == null ? -1 : base.id();
            List<GlobalSummary.Ref> refs = e.summary().refs();
            int[] r = new int[refs.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = guidIds.get(refs.get(i).guid());
            }
            refTargets[e.id()] = r;
            if (e.summary() instanceof GlobalSummary.Function f) {
                int[] c = new int[f.calls().size()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = guidIds.get(f.calls().get(i).guid());
                }
                callTargets[e.id()] = c;
            } else {
                callTargets[e.id()] = NO_TARGETS;
            }
            live[e.id()] = e.summary().flags().live();
            if (e.summary() instanceof GlobalSummary.Variable v) {
                readOnly[e.id()] = v.maybeReadOnly();
                writeOnly[e.id()] = v.maybeWriteOnly();
            }
        }
    }

    List<ThinModule> modules() {
        return modules;
    }

    /** The dense number of a GUID some module defines, or -1. */
    int guidId(long guid) {
        return guidIds.get(guid);
    }

    int guidCount() {
        return guids.length;
    }

    long guid(int guidId) {
        return guids[guidId];
    }

    /** Every summary of a GUID, in link order; empty when no module defines it. Callers must not change it. */
    Entry[] summaries(long guid) {
        int id = guidIds.get(guid);
        return id < 0 ? NONE : byGuid[id];
    }

    Entry[] summariesOf(int guidId) {
        return byGuid[guidId];
    }

    /** The module's own definitions in summary order (what LLVM's GVSummaryMapTy of the module holds). */
    List<Entry> definedIn(int module) {
        return java.util.Arrays.asList(entries).subList(moduleStart[module], moduleStart[module + 1]);
    }

    /** The module's own summary of a GUID, or null (the later one, should a module have two). */
    Entry definedIn(int module, long guid) {
        int from = moduleStart[module];
        int to = moduleStart[module + 1];
        int at = java.util.Arrays.binarySearch(moduleGuids, from, to, guid);
        if (at < 0) {
            return null;
        }
        while (at + 1 < to && moduleGuids[at + 1] == guid) {
            at++;
        }
        return entries[moduleEntries[at]];
    }

    /**
     * The distinct GUIDs the module defines in ascending unsigned order: the order LLVM fills the
     * module's {@code GVSummaryMapTy} in ({@code collectDefinedGVSummariesPerModule} walks the
     * combined index, a {@code std::map} by GUID).
     */
    long[] definedGuidsInGuidOrder(int module) {
        int from = moduleStart[module];
        int to = moduleStart[module + 1];
        long[] distinct = new long[to - from];
        int n = 0;
        int negatives = 0;
        for (int i = from; i < to; i++) {
            long guid = moduleGuids[i];
            if (n > 0 && distinct[n - 1] == guid) {
                continue;
            }
            if (guid < 0) {
                negatives++;
            }
            distinct[n++] = guid;
        }
        // Sorted signed, the negative GUIDs come first; unsigned they are the largest, so they go last.
        long[] unsigned = new long[n];
        System.arraycopy(distinct, negatives, unsigned, 0, n - negatives);
        System.arraycopy(distinct, 0, unsigned, n - negatives, negatives);
        return unsigned;
    }

    /** The GUID numbers of an entry's references, in {@code refs()} order; -1 where no module defines one. */
    int[] refTargets(Entry e) {
        return refTargets[e.id()];
    }

    /** The GUID numbers of a function's call edges, in {@code calls()} order; -1 where no module defines one. */
    int[] callTargets(Entry e) {
        return callTargets[e.id()];
    }

    /** {@code getBaseObject()}: an alias's aliasee summary in the same module; anything else itself. */
    Entry base(Entry e) {
        int base = baseOf[e.id()];
        return base < 0 ? null : entries[base];
    }

    boolean isLive(Entry e) {
        return !deadStripping || live[e.id()];
    }

    boolean isReadOnly(Entry variable) {
        return attributePropagation && readOnly[variable.id()];
    }

    boolean isWriteOnly(Entry variable) {
        return attributePropagation && writeOnly[variable.id()];
    }
}
