package dev.ltocheck.report;

import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.summary.Symbol;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lines {@code ld.lld -mllvm -print-imports} prints, for every import (lld itself stops at a
 * module's first failing source). Order as FunctionImporter::importFunctions walks them: importing
 * modules in link order (lld's order with --thinlto-jobs=1), source modules sorted by name, and in
 * each source its functions, then variables, then aliases, in the source module's own order.
 */
public final class ImportsLldRenderer {
    private ImportsLldRenderer() {
    }

    public static List<String> lines(ImportResult result) {
        return lines(result, java.util.Map.of());
    }

    /**
     * As lld prints them when some imports fail: a module's lines stop after the source module
     * whose flags fail to merge (lld prints before it merges).
     *
     * @param failingSource importing module name to the source lld stops at
     */
    public static List<String> lines(ImportResult result, java.util.Map<String, String> failingSource) {
        List<String> lines = new ArrayList<>();
        for (ModuleImports mi : result.perModule()) {
            ThinModule into = result.modules().get(mi.module());
            for (int source : result.sourceModules(mi.module())) {
                ThinModule from = result.modules().get(source);
                lines.addAll(linesFor(into, from, mi.imports().stream().filter(i -> i.source() == source).toList()));
                if (from.name().equals(failingSource.get(into.name()))) {
                    break;
                }
            }
        }
        return lines;
    }

    /** The lines one source module contributes to one importing module. */
    public static List<String> linesFor(ThinModule into, ThinModule from, List<Import> imports) {
        Set<String> names = new HashSet<>();
        imports.forEach(i -> names.add(i.name()));
        List<String> lines = new ArrayList<>();
        for (Symbol.Kind kind : List.of(Symbol.Kind.FUNCTION, Symbol.Kind.VARIABLE, Symbol.Kind.ALIAS)) {
            for (Symbol s : from.summary().symbols()) {
                if (s.kind() == kind && s.definition() && names.contains(s.name())) {
                    Import i = imports.stream().filter(x -> x.name().equals(s.name())).findFirst().orElseThrow();
                    lines.add(into.summary().sourceFilename() + ": Import " + i.promoted() + " from "
                            + from.summary().sourceFilename());
                }
            }
        }
        return lines;
    }

    public static void render(ImportResult result, PrintWriter out) {
        lines(result).forEach(out::println);
    }
}
