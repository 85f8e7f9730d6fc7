package dev.ltocheck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * lld's complete import lists, as recorded by scripts/make-samples from
 * {@code --thinlto-index-only --thinlto-emit-imports-files}: per importing module, the source
 * modules (.imports) and the imported (GUID, source module) pairs (llvm-dis of .thinlto.bc).
 */
public final class ThinLinkGolden {
    private static final Pattern MODULE = Pattern.compile("^\\^(\\d+) = module: \\(path: \"([^\"]*)\"");
    private static final Pattern GV = Pattern.compile("^\\^\\d+ = gv: \\(guid: (\\d+), summaries: (.*)$");
    private static final Pattern SUMMARY_MODULE = Pattern.compile("\\(module: \\^(\\d+)");

    private ThinLinkGolden() {
    }

    /**
     * Reads what {@code ld.lld --thinlto-index-only --thinlto-emit-imports-files} left in a folder:
     * the module names (from the .imports files), and each .thinlto.bc disassembled beside it.
     */
    public static List<String> collectThinLinkOutput(Path dir) throws IOException {
        List<String> modules;
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            modules = files.map(p -> dir.relativize(p).toString()).filter(n -> n.endsWith(".imports"))
                    .map(n -> n.substring(0, n.length() - ".imports".length())).sorted().toList();
        }
        for (String m : modules) {
            Path bc = dir.resolve(m + ".thinlto.bc");
            if (Files.size(bc) > 0) {
                Files.writeString(dir.resolve(m + ".thinlto.ll"), Tools.check(dir, "llvm-dis", "-o", "-", bc.toString()));
            }
        }
        return modules;
    }

    private static final String MISSED = "Missed imports into module ";
    private static final Pattern FAILURE = Pattern.compile("^\\d+( \\(.*\\))?: Reason = ");

    /**
     * What {@code -mllvm -print-import-failures} printed, per module: its failure lines in the order
     * printed (modules come in the hash order of their names, not kept here). Lines of other
     * shapes are not its.
     */
    public static Map<String, List<String>> importFailuresByModule(List<String> lines) {
        Map<String, List<String>> modules = new java.util.TreeMap<>();
        List<String> current = null;
        for (String line : lines) {
            if (line.startsWith(MISSED)) {
                current = new java.util.ArrayList<>();
                if (modules.put(line.substring(MISSED.length()), current) != null) {
                    throw new AssertionError("two blocks for one module: " + line);
                }
            } else if (FAILURE.matcher(line).find()) {
                if (current == null || current.contains(line)) {
                    throw new AssertionError("a failure line outside a module, or twice in one: " + line);
                }
                current.add(line);
            }
        }
        return modules;
    }

    /** Source modules of every module lld saw, keyed by its name. */
    public static Map<String, List<String>> sourceModules(Path dir, List<String> modules) {
        Map<String, List<String>> result = new HashMap<>();
        for (String module : modules) {
            try {
                result.put(module, Files.readAllLines(dir.resolve(module + ".imports")).stream()
                        .filter(l -> !l.isEmpty()).toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    /** "guid source-module" pairs each module imports, from its per-module index. */
    public static Map<String, Set<String>> importedPairs(Path dir, List<String> modules) {
        Map<String, Set<String>> result = new HashMap<>();
        for (String module : modules) {
            Set<String> pairs = new TreeSet<>();
            Path index = dir.resolve(module + ".thinlto.ll");
            if (Files.exists(index)) {
                Map<String, String> paths = new HashMap<>();
                try {
                    for (String line : Files.readAllLines(index)) {
                        Matcher m = MODULE.matcher(line);
                        if (m.find()) {
                            paths.put(m.group(1), m.group(2));
                            continue;
                        }
                        Matcher gv = GV.matcher(line);
                        if (gv.find()) {
                            Matcher s = SUMMARY_MODULE.matcher(gv.group(2));
                            while (s.find()) {
                                String source = paths.get(s.group(1));
                                if (!source.equals(module)) {
                                    pairs.add(gv.group(1) + " " + source);
                                }
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            result.put(module, pairs);
        }
        return result;
    }
    /**
     * Asserts that {@code result} imports exactly what lld's recorded thin link of {@code scenario}
     * imports: every module's (GUID, source module) pairs, and its source modules in lld's order.
     */
    public static void assertSameAsLld(String scenario, dev.ltocheck.imports.ImportResult result) {
        Path golden = Samples.dir(scenario).resolve("expected/thinlto");
        List<String> lldModules = Samples.thinLinkModuleNames(scenario);
        Map<String, Set<String>> ours = new HashMap<>();
        Map<String, List<String>> ourSources = new HashMap<>();
        lldModules.forEach(m -> {
            ours.put(m, new TreeSet<>());
            ourSources.put(m, List.of());
        });
        for (dev.ltocheck.imports.ModuleImports mi : result.perModule()) {
            String into = result.modules().get(mi.module()).name();
            Set<String> pairs = new TreeSet<>();
            for (dev.ltocheck.imports.Import i : mi.imports()) {
                pairs.add(dev.ltocheck.summary.Guid.text(i.guid()) + " " + result.modules().get(i.source()).name());
            }
            ours.put(into, pairs);
            ourSources.put(into, result.sourceModules(mi.module()).stream()
                    .map(s -> result.modules().get(s).name()).toList());
        }
        org.junit.jupiter.api.Assertions.assertEquals(importedPairs(golden, lldModules), ours);
        org.junit.jupiter.api.Assertions.assertEquals(sourceModules(golden, lldModules), ourSources);
        org.junit.jupiter.api.Assertions.assertTrue(ours.values().stream().mapToInt(Set::size).sum() > 0,
                "the samples import something");
    }
}
