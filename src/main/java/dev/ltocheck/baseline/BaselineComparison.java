package dev.ltocheck.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A check against a baseline: which findings are new, which were there already, which are gone,
 * and for every new one which kind of change made it.
 *
 * @param findings the current findings, each with its state (and, when new, its cause)
 * @param absent   the baseline's findings the current check no longer has
 */
public record BaselineComparison(List<Compared> findings, List<Baseline.Finding> absent) {

    /** As SARIF's {@code baselineState}. */
    public enum State {
        NEW("new"), UNCHANGED("unchanged"), ABSENT("absent");

        private final String sarif;

        State(String sarif) {
            this.sarif = sarif;
        }

        public String sarif() {
            return sarif;
        }
    }

    /** What changed since the baseline to make a new finding. */
    public enum Kind {
        /** A module's flags changed, or a module arrived with flags that differ: that module is the culprit. */
        NEW_FLAG_DIFFERENCE,
        /** Both modules' flags are as in the baseline, and one started to import from the other: the import's change is the culprit. */
        NEW_IMPORT_EDGE,
        /** Same modules, same flags, same import as the baseline: the verdict itself changed (another ld.lld, other options). */
        SAME_IMPORT
    }

    /**
     * @param culprits the modules whose change made it (flag difference), or the importing module (import edge)
     * @param boundary for a new import edge: the module whose flags have differed since the baseline
     * @param text     one sentence for the report
     */
    public record Cause(Kind kind, List<String> culprits, String boundary, String text) {
    }

    /** @param cause null unless {@code state} is {@link State#NEW} */
    public record Compared(Baseline.Finding finding, State state, Cause cause) {
    }

    public static BaselineComparison of(Baseline before, Baseline now) {
        Set<String> old = new HashSet<>();
        before.findings().forEach(f -> old.add(f.identity()));
        Set<String> current = new HashSet<>();
        now.findings().forEach(f -> current.add(f.identity()));
        Flags was = new Flags(before);
        Flags is = new Flags(now);
        Set<String> oldEdges = new HashSet<>();
        before.edges().forEach(e -> oldEdges.add(e.into() + "\u0000" + e.from()));
        Map<String, Baseline.Edge> edges = new HashMap<>();
        now.edges().forEach(e -> edges.put(e.into() + "\u0000" + e.from(), e));
        List<Compared> compared = new ArrayList<>();
        for (Baseline.Finding f : now.findings()) {
            if (old.contains(f.identity())) {
                compared.add(new Compared(f, State.UNCHANGED, null));
            } else {
                compared.add(new Compared(f, State.NEW, cause(f, was, is, oldEdges,
                        edges.get(f.into() + "\u0000" + f.from()))));
            }
        }
        List<Baseline.Finding> absent = before.findings().stream().filter(f -> !current.contains(f.identity())).toList();
        return new BaselineComparison(List.copyOf(compared), absent);
    }

    private static Cause cause(Baseline.Finding f, Flags was, Flags is, Set<String> oldEdges, Baseline.Edge edge) {
        // The side whose value fewer modules share is where the flags differ; a new module there is a
        // new flag difference, a new module on the other side a new import across an old boundary.
        String minority = is.minority(f.into(), f.from(), f.key());
        List<String> changed = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        for (String m : List.of(f.from(), f.into())) {
            if (!was.has(m) && m.equals(minority)) {
                changed.add(m);
                sentences.add(m + " is new since the baseline, with '" + f.key() + "' " + is.value(m, f.key())
                        + is.share(m, f.key()));
            } else if (was.has(m) && !Objects.equals(was.value(m, f.key()), is.value(m, f.key()))) {
                changed.add(m);
                sentences.add(m + "'s '" + f.key() + "' changed since the baseline: " + was.value(m, f.key()) + " then, "
                        + is.value(m, f.key()) + " now");
            }
        }
        if (!changed.isEmpty()) {
            return new Cause(Kind.NEW_FLAG_DIFFERENCE, List.copyOf(changed), null, "a new flag difference: "
                    + String.join("; ", sentences) + ". The culprit is the change to " + String.join(" and ", changed) + ".");
        }
        // Both modules' flags are as they were (or the importer is new): the boundary between them is old.
        String boundary = minority;
        String other = boundary.equals(f.into()) ? f.from() : f.into();
        String what = edge == null || edge.imports().isEmpty() ? "" : " (" + String.join(", ", edge.imports().subList(0,
                Math.min(4, edge.imports().size()))) + (edge.imports().size() > 4 ? ", ..." : "") + ")";
        String since = boundary + "'s '" + f.key() + "' (" + is.value(boundary, f.key()) + ") has differed from "
                + other + "'s (" + is.value(other, f.key()) + ") since the baseline";
        if (!oldEdges.contains(f.into() + "\u0000" + f.from())) {
            return new Cause(Kind.NEW_IMPORT_EDGE, List.of(f.into()), boundary, "a new import edge across an old"
                    + " boundary: " + f.into() + (was.has(f.into()) ? " now imports from " + f.from() + what
                    + ", which it did not in the baseline" : ", new since the baseline, imports from " + f.from() + what)
                    + "; " + since + ". The culprit is the change that made the import (a new call, or a"
                    + " function now small enough to import), not " + boundary + ".");
        }
        return new Cause(Kind.SAME_IMPORT, List.of(), boundary, "the same import across the same flags as in the"
                + " baseline" + what + ", which passed then: " + since + "; the verdict changed (another ld.lld or other"
                + " link options?).");
    }

    /** Every module's flags in one baseline. */
    private static final class Flags {
        private final Map<String, Map<String, String>> byModule = new HashMap<>();
        private final Map<String, Map<String, Integer>> counts = new HashMap<>();
        private final int modules;

        Flags(Baseline b) {
            Map<Integer, Map<String, String>> classes = new HashMap<>();
            b.classes().forEach(c -> classes.put(c.id(), c.flags()));
            for (Baseline.Module m : b.modules()) {
                Map<String, String> flags = classes.getOrDefault(m.flagClass(), Map.of());
                byModule.put(m.name(), flags);
                flags.forEach((key, entry) -> counts.computeIfAbsent(key, k -> new HashMap<>())
                        .merge(valueOf(entry), 1, Integer::sum));
            }
            modules = b.modules().size();
        }

        boolean has(String module) {
            return byModule.containsKey(module);
        }

        /** The value as llvm-dis prints it ({@code i32 2}), or {@code (none)}. */
        String value(String module, String key) {
            return Optional.ofNullable(byModule.getOrDefault(module, Map.of()).get(key)).map(Flags::valueOf)
                    .orElse("(none)");
        }

        /** ", as N of M modules" for the report. */
        String share(String module, String key) {
            int n = counts.getOrDefault(key, Map.of()).getOrDefault(value(module, key), 0);
            return ", as " + n + " of " + modules + " modules";
        }

        /** Of two modules, the one whose value fewer modules share (the first on a tie). */
        String minority(String a, String b, String key) {
            Map<String, Integer> c = counts.getOrDefault(key, Map.of());
            return c.getOrDefault(value(b, key), 0) < c.getOrDefault(value(a, key), 0) ? b : a;
        }

        /** {@code i32 2} of {@code !{i32 1, !"Code Model", i32 2}}. */
        static String valueOf(String entry) {
            int quote = entry.indexOf("\", ");
            if (quote < 0 || !entry.endsWith("}")) {
                return entry;
            }
            return entry.substring(quote + 3, entry.length() - 1);
        }
    }

    public long newCount() {
        return findings.stream().filter(c -> c.state() == State.NEW).count();
    }

    /** A finding's state, by identity; {@link State#NEW} for one this comparison does not know. */
    public State stateOf(Baseline.Finding f) {
        return findings.stream().filter(c -> c.finding().identity().equals(f.identity())).map(Compared::state)
                .findFirst().orElse(State.NEW);
    }
}
