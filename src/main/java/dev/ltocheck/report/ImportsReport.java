package dev.ltocheck.report;

import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.modules.ModuleSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ltocheck imports}: the predicted imports, with every module's identity, filtered.
 *
 * @param imports every import kept by the filters, by importing module in link order
 */
public record ImportsReport(ImportResult result, Map<String, ModuleId> ids, List<Row> imports,
                            List<InputProblem> problems, Coverage coverage) {

    /** One import with both ends named. */
    public record Row(ThinModule into, ThinModule from, Import imported) {
    }

    /** Which imports to show; null fields match everything. A module matches by lld name, path or basename. */
    public record Filter(String into, String from, String symbol) {
        public static final Filter NONE = new Filter(null, null, null);
    }

    public static ImportsReport of(ModuleSet set, ImportResult result, Filter filter) {
        Map<String, ModuleId> ids = new HashMap<>();
        for (BitcodeModule m : set.bitcode()) {
            ids.put(m.id().lldName(), m.id());
        }
        List<Row> rows = new ArrayList<>();
        for (ModuleImports mi : result.perModule()) {
            ThinModule into = result.modules().get(mi.module());
            for (Import i : mi.imports()) {
                ThinModule from = result.modules().get(i.source());
                if (matches(filter.into(), into, ids) && matches(filter.from(), from, ids)
                        && (filter.symbol() == null || filter.symbol().equals(i.name())
                        || filter.symbol().equals(i.promoted()))) {
                    rows.add(new Row(into, from, i));
                }
            }
        }
        return new ImportsReport(result, Map.copyOf(ids), List.copyOf(rows), set.problems(), Coverage.of(set));
    }

    /** True when some module of the link answers to {@code pattern} (as --into and --from match them). */
    public static boolean anyModuleMatches(String pattern, ModuleSet set, ImportResult result) {
        Map<String, ModuleId> ids = new HashMap<>();
        set.bitcode().forEach(m -> ids.put(m.id().lldName(), m.id()));
        return result.modules().stream().anyMatch(m -> matches(pattern, m, ids));
    }

    static boolean matches(String pattern, ThinModule module, Map<String, ModuleId> ids) {
        if (pattern == null) {
            return true;
        }
        ModuleId id = ids.get(module.name());
        if (module.name().equals(pattern) || id == null) {
            return module.name().equals(pattern);
        }
        return id.path().equals(pattern) || id.path().endsWith("/" + pattern)
                || (id.member() != null && id.fileName().equals(pattern));
    }

    public ModuleId id(ThinModule module) {
        return ids.getOrDefault(module.name(), ModuleId.looseFile(module.name()));
    }

    public long importingModules() {
        return imports.stream().map(r -> r.into().name()).distinct().count();
    }
}
