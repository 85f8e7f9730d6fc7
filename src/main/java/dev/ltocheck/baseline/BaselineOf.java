package dev.ltocheck.baseline;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.SilentChange;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.modules.LoadedObject;
import dev.ltocheck.modules.ModuleSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The baseline of one check: its modules' flag classes, the imports across them, its findings. */
public final class BaselineOf {
    private BaselineOf() {
    }

    public static Baseline of(ModuleSet modules, CheckResult result, String lldVersion) {
        Map<String, String> names = stableNames(modules);
        Map<String, List<ModuleFlag>> flags = modules.flagsByModule();
        Map<Map<String, String>, Integer> classIds = new LinkedHashMap<>();
        Map<String, Integer> classOf = new HashMap<>();
        List<Baseline.Module> listed = new ArrayList<>();
        ImportResult imports = result.imports();
        for (var m : imports.modules()) {
            Map<String, String> entries = new TreeMap<>();
            flags.getOrDefault(m.name(), List.of()).forEach(f -> entries.put(f.key(), f.llvmText()));
            int id = classIds.computeIfAbsent(entries, e -> classIds.size());
            classOf.put(m.name(), id);
            listed.add(new Baseline.Module(names.getOrDefault(m.name(), m.name()), id));
        }
        List<Baseline.FlagClass> classes = new ArrayList<>();
        classIds.forEach((entries, id) -> classes.add(new Baseline.FlagClass(id, entries)));
        List<Baseline.Edge> edges = new ArrayList<>();
        for (ModuleImports into : imports.perModule()) {
            String intoName = imports.modules().get(into.module()).name();
            Map<Integer, List<String>> bySource = new TreeMap<>();
            for (Import i : into.imports()) {
                String fromName = imports.modules().get(i.source()).name();
                if (!classOf.get(intoName).equals(classOf.get(fromName))) {
                    bySource.computeIfAbsent(i.source(), s -> new ArrayList<>()).add(i.name());
                }
            }
            bySource.forEach((source, what) -> {
                String fromName = imports.modules().get(source).name();
                edges.add(new Baseline.Edge(names.getOrDefault(intoName, intoName),
                        names.getOrDefault(fromName, fromName), what));
            });
        }
        List<Baseline.Finding> findings = new ArrayList<>();
        for (FailingImport f : result.errors()) {
            findings.add(new Baseline.Finding("error", names.getOrDefault(f.into().name(), f.into().name()),
                    names.getOrDefault(f.from().name(), f.from().name()), f.key()));
        }
        for (SilentChange c : result.warnings()) {
            findings.add(new Baseline.Finding("warning", names.getOrDefault(c.into().name(), c.into().name()),
                    names.getOrDefault(c.from().name(), c.from().name()), c.key()));
        }
        return new Baseline(Baseline.FORMAT, Baseline.SCHEMA_VERSION, lldVersion, classes, listed, edges, findings);
    }

    /** lld's name of every bitcode module, to the name a user opens (see {@link Baseline}). */
    public static Map<String, String> stableNames(ModuleSet modules) {
        Map<String, String> names = new HashMap<>();
        for (LoadedObject.BitcodeModule m : modules.bitcode()) {
            names.put(m.input().id().lldName(), stableName(m));
        }
        return names;
    }

    /** The name a baseline gives a module: its file, or {@code archive(member)} inside a regular archive. */
    public static String stableName(LoadedObject.BitcodeModule m) {
        ModuleId id = m.input().id();
        // A regular archive holds its members' bytes (a thin one names their files).
        boolean regularMember = id.inArchive() && m.input().source().offset() > 0;
        return regularMember ? id.archive() + "(" + id.member() + ")" : id.path();
    }
}
