package dev.ltocheck.difftest;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.check.LldLine;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.imports.Import;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.support.DecisionArithmetic;
import dev.ltocheck.support.LlvmDisMetadata;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.report.ImportsLldFailuresRenderer;
import dev.ltocheck.report.ImportsLldRenderer;
import dev.ltocheck.summary.Guid;
import dev.ltocheck.support.ThinLinkGolden;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random programs built with the bundled clang and linked by the bundled ld.lld: our predicted
 * imports against lld's complete thin-link output (.imports, and the per-module index through
 * llvm-dis), against its -print-imports lines (complete here: the programs' flags agree), and
 * against its -print-import-failures lines (per module, in lld's order; lld orders modules by a
 * hash of their names).
 *
 * <p>A fixed-seed subset runs with the tests; {@code scripts/diff-imports N SEED} runs more
 * through the properties ltocheck.diff.programs and ltocheck.diff.seed.
 */
class DifferentialImportsTest {
    private static final Path WORK = Path.of("target/diff-imports").toAbsolutePath();
    private final AtomicInteger errorLines = new AtomicInteger();
    private final AtomicInteger flagSets = new AtomicInteger();
    private final AtomicInteger failureLines = new AtomicInteger();
    private final AtomicInteger decisionsBelowRoots = new AtomicInteger();
    private final Map<String, Integer> failureReasons = new java.util.concurrent.ConcurrentSkipListMap<>();

    record Outcome(int modules, int imports, List<String> disagreements) {
    }

    @Test
    void predictedImportsEqualLldsOnRandomPrograms() throws Exception {
        int programs = Integer.getInteger("ltocheck.diff.programs", 24);
        long seed = Long.getLong("ltocheck.diff.seed", 20261125L);
        FileUtils.deleteDirectory(WORK.toFile());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int n = 0; n < programs; n++) {
            long programSeed = seed + n;
            futures.add(pool.submit(() -> runProgram(programSeed)));
        }
        AtomicInteger modules = new AtomicInteger();
        AtomicInteger imports = new AtomicInteger();
        List<String> disagreements = Collections.synchronizedList(new ArrayList<>());
        for (Future<Outcome> f : futures) {
            Outcome o = f.get();
            modules.addAndGet(o.modules());
            imports.addAndGet(o.imports());
            disagreements.addAll(o.disagreements());
        }
        pool.shutdown();
        String summary = "diff-imports: seed " + seed + ", " + programs + " programs, " + modules + " modules, "
                + imports + " imports, " + failureLines + " lld import-failure lines " + failureReasons + ", " + decisionsBelowRoots
                + " decision path steps below roots, " + errorLines + " lld error lines, " + flagSets + " post-import flag sets compared, "
                + disagreements.size() + " disagreements";
        System.out.println(summary);
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("summary.txt"), summary + "\n" + String.join("\n", disagreements) + "\n");
        assertEquals(List.of(), disagreements, summary);
        assertTrue(imports.get() > programs, "the programs import things: " + summary);
        assertTrue(failureLines.get() > programs && decisionsBelowRoots.get() > 0,
                "the programs miss imports, some below imported functions: " + summary);
    }

    /**
     * Seed 29 of scripts/diff-imports: a module whose GUIDs include some above 2^63 (LLVM fills its
     * summary map in unsigned GUID order) and an alias root; in any other root order a function
     * two imports deep is walked twice and a failure's attempts differ.
     */
    @Test
    void rootOrderIsLlvmsWithGuidsAboveTwoToTheSixtyThree() throws Exception {
        Outcome outcome = runProgram(29);
        assertEquals(List.of(), outcome.disagreements());
        assertTrue(failureLines.get() > 0);
    }

    private Outcome runProgram(long seed) throws IOException {
        RandomProgram program = new RandomProgram(seed);
        Path dir = WORK.resolve("p" + seed);
        Files.createDirectories(dir);
        List<String> objects = new ArrayList<>();
        for (Path source : program.write(dir)) {
            String object = source.getFileName().toString().replace(".cpp", ".o");
            List<String> compile = new ArrayList<>(List.of("-x", "c++", "-std=c++17", "-O2", "-flto=thin",
                    "-fno-exceptions", "-fno-rtti", "-ffreestanding", "-w", "--target=x86_64-linux-gnu"));
            compile.addAll(program.moduleOptions.get(objects.size()));
            compile.addAll(List.of("-c", source.getFileName().toString(), "-o", object));
            Tools.check(dir, "clang", compile.toArray(String[]::new));
            objects.add(object);
        }
        List<String> eager = objects.subList(0, objects.size() - program.lazyModules);
        List<String> libraries = new ArrayList<>();
        if (program.lazyModules > 0) {
            List<String> ar = new ArrayList<>(List.of("rcs", "lib.a"));
            ar.addAll(objects.subList(eager.size(), objects.size()));
            Tools.check(dir, "llvm-ar", ar.toArray(String[]::new));
            libraries.add("lib.a");
        }
        List<String> link = new ArrayList<>(program.relocatable ? List.of("-r") : List.of("-e", "entry0"));
        link.addAll(List.of("-mllvm", "-import-instr-limit=" + program.instrLimit));
        link.addAll(eager);
        link.addAll(libraries);

        List<String> indexOnly = new ArrayList<>(link);
        indexOnly.addAll(List.of("--thinlto-index-only", "--thinlto-emit-imports-files", "-o", "out.o",
                "-mllvm", "-print-import-failures"));
        Tools.Result thinLink = Tools.run(dir, "ld.lld", indexOnly.toArray(String[]::new));
        if (thinLink.exitCode() != 0) {
            throw new IllegalStateException("ld.lld " + String.join(" ", indexOnly) + " failed: " + thinLink.stderr());
        }
        List<String> full = new ArrayList<>(link);
        full.addAll(List.of("-mllvm", "-print-imports", "--thinlto-jobs=1", "--error-limit=0", "--save-temps",
                "-o", "linked.o"));
        Tools.Result printed = Tools.run(dir, "ld.lld", full.toArray(String[]::new));

        List<String> lldModules = ThinLinkGolden.collectThinLinkOutput(dir);
        Map<String, Set<String>> expected = new TreeMap<>(ThinLinkGolden.importedPairs(dir, lldModules));

        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(dir, eager, libraries), 1);
        LinkOptions options = program.relocatable ? LinkOptions.RELOCATABLE
                : LinkOptions.executable("entry0", List.of(), Set.of());
        ImportResult result = ThinLink.run(set.thinModules(), options,
                ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=" + program.instrLimit)));
        Map<String, Set<String>> actual = new TreeMap<>();
        lldModules.forEach(m -> actual.put(m, new TreeSet<>()));
        int imports = 0;
        for (ModuleImports mi : result.perModule()) {
            Set<String> pairs = new TreeSet<>();
            for (Import i : mi.imports()) {
                pairs.add(Guid.text(i.guid()) + " " + result.modules().get(i.source()).name());
            }
            actual.put(result.modules().get(mi.module()).name(), pairs);
            imports += pairs.size();
        }
        List<String> disagreements = new ArrayList<>();
        if (!set.problems().isEmpty()) {
            disagreements.add(dir + ": could not read: " + set.problems());
        }
        if (!expected.equals(actual)) {
            disagreements.add(dir + ": imports differ\n  lld:      " + expected + "\n  ltocheck: " + actual);
        }
        Map<String, List<String>> lldFailures = ThinLinkGolden.importFailuresByModule(thinLink.stderr().lines().toList());
        Map<String, List<String>> ourFailures = ThinLinkGolden.importFailuresByModule(ImportsLldFailuresRenderer.lines(
                result, ImportOptions.LLVM_DEFAULTS));
        failureLines.addAndGet(lldFailures.values().stream().mapToInt(List::size).sum());
        lldFailures.values().forEach(lines -> lines.forEach(l -> failureReasons.merge(
                l.replaceFirst("^.*: Reason = ([A-Za-z]+),.*$", "$1"), 1, Integer::sum)));
        if (!lldFailures.equals(ourFailures)) {
            disagreements.add(dir + ": -print-import-failures differs\n  lld:      " + lldFailures
                    + "\n  ltocheck: " + ourFailures);
        }
        int[] deeper = new int[1];
        DecisionArithmetic.problems(result, ImportOptions.LLVM_DEFAULTS.withMllvm(
                List.of("-import-instr-limit=" + program.instrLimit)), deeper)
                .forEach(p -> disagreements.add(dir + ": threshold arithmetic: " + p));
        decisionsBelowRoots.addAndGet(deeper[0]);
        CheckResult check;
        try {
            check = LinkCheck.run(result, set.flagsByModule());
        } catch (BitcodeLoadException e) {
            throw new IllegalStateException(e);
        }
        List<String> lldLines = printed.stderr().lines().filter(l -> l.contains(": Import ")).toList();
        List<String> ourLines = ImportsLldRenderer.lines(result, check.failingSource());
        if (!lldLines.equals(ourLines)) {
            disagreements.add(dir + ": -print-imports differs\n  lld:      " + lldLines + "\n  ltocheck: " + ourLines);
        }
        Set<String> lldErrors = new TreeSet<>(printed.stderr().lines().filter(l -> l.startsWith("ld.lld: error: ")).toList());
        Set<String> ourErrors = new TreeSet<>(check.lldLines().stream().map(LldLine::text).toList());
        if (!lldErrors.equals(ourErrors)) {
            disagreements.add(dir + ": error lines differ\n  lld:      " + lldErrors + "\n  ltocheck: " + ourErrors);
        }
        errorLines.addAndGet(lldErrors.size());
        // Every module that imported without failing: its flags after import, as LLVM left them.
        for (String object : eager) {
            Path imported = dir.resolve(object + ".3.import.bc");
            if (!Files.exists(imported) || check.failingSource().containsKey(object)) {
                continue;
            }
            List<String> lines = new ArrayList<>(List.of("== " + object));
            lines.addAll(Tools.check(dir, "llvm-dis", "-o", "-", imported.toString()).lines()
                    .filter(l -> l.startsWith("!")).toList());
            List<String> actualFlags = LlvmDisMetadata.moduleFlags(lines).get(object);
            List<String> predicted = check.flagsAfterImport().getOrDefault(object, set.flagsByModule().get(object))
                    .stream().map(ModuleFlag::llvmText).toList();
            flagSets.incrementAndGet();
            if (!new TreeSet<>(actualFlags).equals(new TreeSet<>(predicted))) {
                disagreements.add(dir + ": flags of " + object + " after import differ\n  LLVM:     " + actualFlags
                        + "\n  ltocheck: " + predicted);
            }
        }
        if (disagreements.isEmpty()) {
            FileUtils.deleteDirectory(dir.toFile());
        }
        return new Outcome(lldModules.size(), imports, disagreements);
    }
}
