package dev.ltocheck.imports;

import dev.ltocheck.summary.GlobalSummary;
import dev.ltocheck.summary.ModuleSummary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thin link's combined summary index: every summary of every joined ThinLTO module, by GUID
 * in link order (the order LLVM's {@code ValueInfo} summary lists have), with the liveness and
 * read-only/write-only bits the thin link computes on it.
 */
final class CombinedIndex {
    /** One summary of one module. {@code id} indexes the per-summary bit arrays. */
    record Entry(int id, int module, GlobalSummary summary) {
    }

    private final List<ThinModule> modules;
    private final Map<Long, List<Entry>> byGuid = new HashMap<>();
    private final List<Map<Long, Entry>> definedPerModule = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    final boolean[] live;
    final boolean[] readOnly;
    final boolean[] writeOnly;
    boolean deadStripping;
    boolean attributePropagation;

    CombinedIndex(List<ThinModule> modules) {
        this.modules = modules;
        for (int m = 0; m < modules.size(); m++) {
            Map<Long, Entry> defined = new LinkedHashMap<>();
            ModuleSummary summary = modules.get(m).summary();
            for (GlobalSummary g : summary.globals()) {
                Entry e = new Entry(entries.size(), m, g);
                entries.add(e);
                byGuid.computeIfAbsent(g.guid(), k -> new ArrayList<>()).add(e);
                defined.put(g.guid(), e);
            }
            definedPerModule.add(defined);
        }
        live = new boolean[entries.size()];
        readOnly = new boolean[entries.size()];
        writeOnly = new boolean[entries.size()];
        for (Entry e : entries) {
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

    List<Entry> entries() {
        return entries;
    }

    /** Every summary of a GUID, in link order; empty when no module defines it. */
    List<Entry> summaries(long guid) {
        return byGuid.getOrDefault(guid, List.of());
    }

    Iterable<Map.Entry<Long, List<Entry>>> byGuid() {
        return byGuid.entrySet();
    }

    /** GUID to summary for the module's own definitions (LLVM's GVSummaryMapTy of the module). */
    Map<Long, Entry> definedIn(int module) {
        return definedPerModule.get(module);
    }

    /** {@code getBaseObject()}: an alias's aliasee summary in the same module; anything else itself. */
    Entry base(Entry e) {
        if (e.summary() instanceof GlobalSummary.Alias a) {
            Entry aliasee = definedPerModule.get(e.module()).get(a.aliaseeGuid());
            return aliasee == null || aliasee.summary() instanceof GlobalSummary.Alias ? null : aliasee;
        }
        return e;
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
