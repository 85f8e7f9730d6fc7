package dev.ltocheck.report;

import dev.ltocheck.check.FailingImport;
import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.kbuild.FixPlan;
import dev.ltocheck.kbuild.ObjectFix;
import dev.ltocheck.text.Plural;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The failing imports grouped by the objects of the chosen fix plan: per object, what crosses the
 * flag boundary out of it and into it, and the kbuild line that takes it out of LTO; then the
 * objects on the rarer side of a boundary that need nothing, and why.
 *
 * @param boundaries one per flag whose merge fails: its values, rarest first
 * @param objects    one per object of the plan, in link order
 * @param spared     objects with a rarer value that the plan leaves in LTO
 * @param stayInLto  how many ThinLTO modules the plan leaves in LTO
 * @param verified   the link passes with the plan's objects outside LTO
 * @param remaining  failing import pairs left with them outside LTO
 */
public record Causes(List<Boundary> boundaries, List<Cause> objects, List<Spared> spared, int stayInLto,
                     boolean verified, int remaining) {

    /** A flag's values among the ThinLTO modules, rarest first. */
    public record Boundary(String key, List<Value> values) {
    }

    /** A value of a flag, a module that carries it, and how many do. */
    public record Value(String text, ThinModule example, int modules) {
    }

    /**
     * A symbol crossing the boundary, and the modules on the other side of it.
     *
     * @param definedIn the source file of the module that defines it
     * @param modules   the importing modules (exports) or the defining ones (imports), by lld name
     */
    public record Crossing(String name, String promoted, Import.Kind kind, String definedIn, Set<String> modules) {
    }

    /**
     * One object of the fix plan.
     *
     * @param pairs    failing import pairs it is one side of
     * @param exports  what modules on the other side import from it, most importers first
     * @param imports  what it imports from modules on the other side, by name
     */
    public record Cause(ObjectFix fix, ThinModule module, String path, String value, int pairs,
                       List<Crossing> exports, List<Crossing> imports) {

        /** The distinct modules importing any of its exports. */
        public Set<String> exportedInto() {
            Set<String> all = new LinkedHashSet<>();
            exports.forEach(c -> all.addAll(c.modules()));
            return all;
        }

        public Set<String> importedFrom() {
            Set<String> all = new LinkedHashSet<>();
            imports.forEach(c -> all.addAll(c.modules()));
            return all;
        }
    }

    /** An object with a rarer flag value left in LTO, and why it needs nothing. */
    public record Spared(ThinModule module, String path, String value, int pairs, String reason) {
    }

    public static Causes none() {
        return new Causes(List.of(), List.of(), List.of(), 0, true, 0);
    }

    public static Causes of(CheckReport report, FixPlan plan) {
        List<FailingImport> errors = report.result().errors();
        if (plan == null || errors.isEmpty()) {
            return none();
        }
        Map<String, ThinModule> thin = new HashMap<>();
        report.result().imports().modules().forEach(m -> thin.put(m.name(), m));
        Set<String> chosen = new LinkedHashSet<>();
        plan.objects().forEach(o -> chosen.add(o.module()));

        List<Boundary> boundaries = new ArrayList<>();
        Set<String> rarer = new LinkedHashSet<>();
        for (String key : report.byFlag().keySet()) {
            Map<String, List<ThinModule>> byValue = new LinkedHashMap<>();
            for (ThinModule m : report.result().imports().modules()) {
                byValue.computeIfAbsent(report.value(m, key), v -> new ArrayList<>()).add(m);
            }
            List<Map.Entry<String, List<ThinModule>>> values = new ArrayList<>(byValue.entrySet());
            values.sort(Comparator.comparingInt((Map.Entry<String, List<ThinModule>> e) -> e.getValue().size())
                    .thenComparing(Map.Entry::getKey));
            boundaries.add(new Boundary(key, values.stream().map(e -> new Value(e.getKey(), e.getValue().get(0), e.getValue().size())).toList()));
            values.subList(0, values.size() - 1).forEach(e -> e.getValue().forEach(m -> rarer.add(m.name())));
        }

        List<Cause> objects = new ArrayList<>();
        for (ObjectFix fix : plan.objects()) {
            ThinModule m = thin.get(fix.module());
            if (m == null) {
                continue;
            }
            String key = fix.keys().isEmpty() ? report.byFlag().keySet().iterator().next() : fix.keys().get(0);
            int pairs = 0;
            Map<String, Crossing> exports = new TreeMap<>();
            Map<String, Crossing> imports = new TreeMap<>();
            for (FailingImport f : errors) {
                boolean out = f.from() == m;
                boolean in = f.into() == m;
                if (!out && !in) {
                    continue;
                }
                pairs++;
                for (Import i : f.imports()) {
                    Map<String, Crossing> side = out ? exports : imports;
                    side.computeIfAbsent(i.kind() + " " + i.promoted(), k -> new Crossing(i.name(), i.promoted(),
                                    i.kind(), f.from().summary().sourceFilename(), new LinkedHashSet<>()))
                            .modules().add(out ? f.into().name() : f.from().name());
                }
            }
            List<Crossing> exported = new ArrayList<>(exports.values());
            exported.sort(Comparator.comparingInt((Crossing c) -> -c.modules().size()).thenComparing(Crossing::promoted));
            objects.add(new Cause(fix, m, report.id(m).path(), report.value(m, key), pairs, List.copyOf(exported),
                    List.copyOf(imports.values())));
        }

        List<Spared> spared = new ArrayList<>();
        for (ThinModule m : report.result().imports().modules()) {
            if (!rarer.contains(m.name()) || chosen.contains(m.name())) {
                continue;
            }
            int pairs = (int) errors.stream().filter(f -> f.into() == m || f.from() == m).count();
            String key = boundaries.stream()
                    .filter(b -> !report.value(m, b.key()).equals(b.values().get(b.values().size() - 1).text()))
                    .map(Boundary::key).findFirst().orElseThrow();
            spared.add(new Spared(m, report.id(m).path(), report.value(m, key), pairs, pairs == 0
                    ? "no import crosses the boundary at it"
                    : "its " + Plural.count(pairs, "failing import pair") + (pairs == 1 ? " is" : " are all")
                    + " with objects above"));
        }
        int stay = report.result().imports().modules().size() - objects.size();
        return new Causes(List.copyOf(boundaries), List.copyOf(objects), List.copyOf(spared), stay,
                plan.verified(), plan.after().errors().size());
    }

    public boolean isEmpty() {
        return objects.isEmpty();
    }
}
