package dev.ltocheck.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A per-module summary printed as {@code llvm-dis} prints it ({@code ^N = gv: (...)} lines,
 * AsmWriter's printSummary), so that our reader can be diffed against LLVM's on any input.
 */
public final class SummaryDump {
    private static final String[] VISIBILITY = {"default", "hidden", "protected", "3"};
    private static final String[] HOTNESS = {"unknown", "cold", "none", "hot", "critical"};
    private static final String[] FFLAG_NAMES = {"readNone", "readOnly", "noRecurse", "returnDoesNotAlias",
            "noInline", "alwaysInline", "noUnwind", "mayThrow", "hasUnknownCall", "mustBeUnreachable"};

    private SummaryDump() {
    }

    /** The summary lines of {@code llvm-dis -o - <path>}, in its order (value infos by unsigned GUID). */
    public static List<String> llvmDisLines(ModuleSummary summary, String path) {
        // Every global of the module records gets a slot, summarised or not, keyed by GUID.
        Map<Long, String> names = new TreeMap<>(Long::compareUnsigned);
        for (Symbol s : summary.symbols()) {
            names.put(s.guid(), s.name());
        }
        Map<Long, List<GlobalSummary>> byGuid = new TreeMap<>(Long::compareUnsigned);
        for (GlobalSummary g : summary.globals()) {
            byGuid.computeIfAbsent(g.guid(), k -> new ArrayList<>()).add(g);
            for (GlobalSummary.Ref r : g.refs()) {
                names.putIfAbsent(r.guid(), null);
            }
            if (g instanceof GlobalSummary.Function f) {
                f.calls().forEach(c -> names.putIfAbsent(c.guid(), null));
            }
        }
        byGuid.keySet().forEach(guid -> names.putIfAbsent(guid, null));
        Map<Long, Integer> slots = new TreeMap<>(Long::compareUnsigned);
        int next = 1;
        for (Long guid : names.keySet()) {
            slots.put(guid, next++);
        }
        List<String> lines = new ArrayList<>();
        long[] h = summary.hash();
        lines.add("^0 = module: (path: \"" + path + "\", hash: (" + h[0] + ", " + h[1] + ", " + h[2] + ", " + h[3]
                + ", " + h[4] + "))");
        for (Map.Entry<Long, String> e : names.entrySet()) {
            StringBuilder line = new StringBuilder("^" + slots.get(e.getKey()) + " = gv: (");
            line.append(e.getValue() != null ? "name: \"" + e.getValue() + "\"" : "guid: " + Guid.text(e.getKey()));
            List<GlobalSummary> list = byGuid.getOrDefault(e.getKey(), List.of());
            if (!list.isEmpty()) {
                line.append(", summaries: (");
                for (int i = 0; i < list.size(); i++) {
                    line.append(i == 0 ? "" : ", ").append(summaryText(list.get(i), slots));
                }
                line.append(')');
            }
            line.append(')');
            if (e.getValue() != null) {
                line.append(" ; guid = ").append(Guid.text(e.getKey()));
            }
            lines.add(line.toString());
        }
        lines.add("^" + next++ + " = flags: " + summary.indexFlags());
        lines.add("^" + next + " = blockcount: " + summary.blockCount());
        return lines;
    }

    private static String summaryText(GlobalSummary g, Map<Long, Integer> slots) {
        StringBuilder out = new StringBuilder();
        if (g instanceof GlobalSummary.Function f) {
                out.append("function: (module: ^0, ").append(flags(f.flags())).append(", insts: ").append(f.instCount());
                if (f.fflags() != 0) {
                    out.append(", funcFlags: (");
                    for (int i = 0; i < FFLAG_NAMES.length; i++) {
                        out.append(i == 0 ? "" : ", ").append(FFLAG_NAMES[i]).append(": ").append((f.fflags() >> i) & 1);
                    }
                    out.append(')');
                }
                if (!f.calls().isEmpty()) {
                    out.append(", calls: (");
                    for (int i = 0; i < f.calls().size(); i++) {
                        GlobalSummary.Call c = f.calls().get(i);
                        out.append(i == 0 ? "" : ", ").append("(callee: ^").append(slots.get(c.guid()));
                        if (c.hotness() != GlobalSummary.Call.UNKNOWN) {
                            out.append(", hotness: ").append(c.hotness() < HOTNESS.length ? HOTNESS[c.hotness()] : c.hotness());
                        }
                        if (c.tail()) {
                            out.append(", tail: 1");
                        }
                        out.append(')');
                    }
                    out.append(')');
                }
        } else if (g instanceof GlobalSummary.Variable v) {
                out.append("variable: (module: ^0, ").append(flags(v.flags())).append(", varFlags: (readonly: ")
                        .append(v.varflags() & 1).append(", writeonly: ").append((v.varflags() >> 1) & 1)
                        .append(", constant: ").append((v.varflags() >> 2) & 1);
                Linkage l = v.flags().linkage();
                if (l == Linkage.LINKONCE_ODR || l == Linkage.WEAK_ODR) {
                    out.append(", vcall_visibility: ").append((v.varflags() >> 3) & 3);
                }
                out.append(')');
        } else if (g instanceof GlobalSummary.Alias a) {
            out.append("alias: (module: ^0, ").append(flags(a.flags())).append(", aliasee: ^")
                    .append(slots.get(a.aliaseeGuid()));
        }
        if (!g.refs().isEmpty()) {
            out.append(", refs: (");
            for (int i = 0; i < g.refs().size(); i++) {
                GlobalSummary.Ref r = g.refs().get(i);
                out.append(i == 0 ? "" : ", ").append(r.readOnly() ? "readonly " : r.writeOnly() ? "writeonly " : "")
                        .append('^').append(slots.get(r.guid()));
            }
            out.append(')');
        }
        return out.append(')').toString();
    }

    private static String flags(GvFlags f) {
        return "flags: (linkage: " + f.linkage().llvmName() + ", visibility: " + VISIBILITY[f.visibility() & 3]
                + ", notEligibleToImport: " + bit(f.notEligibleToImport()) + ", live: " + bit(f.live())
                + ", dsoLocal: " + bit(f.dsoLocal()) + ", canAutoHide: " + bit(f.canAutoHide())
                + ", importType: definition)";
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }
}
