package dev.ltocheck.difftest;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.llvm.LldVersion;
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
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.load.LlvmReads;
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
    /** Another clang/ld.lld pair ({@code scripts/diff-imports --toolchain /usr/lib/llvm-16/bin}); unset: the bundled 20.1.7. */
    private static final Path TOOLCHAIN = System.getProperty("ltocheck.diff.toolchain", "").isEmpty() ? null
            : Path.of(System.getProperty("ltocheck.diff.toolchain"));
    private static final Path WORK = Path.of("target/diff-imports").toAbsolutePath();
    private final LldVersion lld = TOOLCHAIN == null ? LldVersion.BUNDLED
            : LldVersion.fromBanner(Tools.runIn(TOOLCHAIN, Path.of("."), "ld.lld", "--version").stdout()).orElseThrow();
    private final AtomicInteger errorLines = new AtomicInteger();
    private final AtomicInteger flagSets = new AtomicInteger();
    private final AtomicInteger predictedLines = new AtomicInteger();
    private final AtomicInteger abortedLinks = new AtomicInteger();
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
        String summary = "diff-imports: ld.lld " + lld + (TOOLCHAIN == null ? " (bundled)" : " (" + TOOLCHAIN + ")")
                + ", seed " + seed + ", " + programs + " programs, " + modules + " modules, "
                + imports + " imports, " + failureLines + " lld import-failure lines " + failureReasons + ", "
                + decisionsBelowRoots + " decision path steps below roots, "
                + errorLines + " lld error lines (" + predictedLines + " predicted, "
                + abortedLinks + " links aborted), " + flagSets + " post-import flag sets compared, "
                + disagreements.size() + " disagreements";
        System.out.println(summary);
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("summary.txt"), summary + "\n" + String.join("\n", disagreements) + "\n");
        assertEquals(List.of(), disagreements, summary);
        assertTrue(imports.get() > programs, "the programs import things: " + summary);
        assertTrue(TOOLCHAIN != null || (failureLines.get() > programs && decisionsBelowRoots.get() > 0),
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

    /** A tool of the toolchain under test; {@code mustSucceed}: fail unless it exits 0. */
    private static Tools.Result tool(Path dir, boolean mustSucceed, String tool, String... arguments) {
        Tools.Result r = TOOLCHAIN == null ? Tools.run(dir, tool, arguments) : Tools.runIn(TOOLCHAIN, dir, tool, arguments);
        if (mustSucceed && r.exitCode() != 0) {
            throw new IllegalStateException(tool + " " + String.join(" ", arguments) + " failed: " + r.stderr());
        }
        return r;
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
            tool(dir, true, "clang", compile.toArray(String[]::new));
            objects.add(object);
        }
        List<String> eager = objects.subList(0, objects.size() - program.lazyModules);
        List<String> libraries = new ArrayList<>();
        if (program.lazyModules > 0) {
            List<String> ar = new ArrayList<>(List.of("rcs", "lib.a"));
            ar.addAll(objects.subList(eager.size(), objects.size()));
            tool(dir, true, "llvm-ar", ar.toArray(String[]::new));
            libraries.add("lib.a");
        }
        List<String> link = new ArrayList<>(program.relocatable ? List.of("-r") : List.of("-e", "entry0"));
        link.addAll(List.of("-mllvm", "-import-instr-limit=" + program.instrLimit));
        link.addAll(eager);
        link.addAll(libraries);

        List<String> indexOnly = new ArrayList<>(link);
        indexOnly.addAll(List.of("--thinlto-index-only", "--thinlto-emit-imports-files", "-o", "out.o",
                "-mllvm", "-print-import-failures"));
        Tools.Result thinLink = tool(dir, true, "ld.lld", indexOnly.toArray(String[]::new));
        List<String> full = new ArrayList<>(link);
        full.addAll(List.of("-mllvm", "-print-imports", "--thinlto-jobs=1", "--error-limit=0", "--save-temps",
                "-o", "linked.o"));
        Tools.Result printed = tool(dir, false, "ld.lld", full.toArray(String[]::new));

        List<String> lldModules = ThinLinkGolden.collectThinLinkOutput(dir);
        Map<String, Set<String>> expected = new TreeMap<>(ThinLinkGolden.importedPairs(dir, lldModules));

        // LLVM reads the members the policy picks; with every member read by LLVM the flags are the same.
        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(dir, eager, libraries), 1, LlvmReads.NEEDED);
        ModuleSet allByLlvm = ModuleSetLoader.load(InputCollector.collect(dir, eager, libraries), 1, LlvmReads.ALL);
        LinkOptions options = program.relocatable ? LinkOptions.RELOCATABLE
                : LinkOptions.executable("entry0", List.of(), Set.of());
        ImportResult result = ThinLink.run(set.thinModules(), options,
                ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=" + program.instrLimit)));
        LldOutput namesOnly = new LldOutput(lld, List.of(), List.of(), List.of()); // GUIDs as the modelled lld names them
        Map<String, Set<String>> actual = new TreeMap<>();
        lldModules.forEach(m -> actual.put(m, new TreeSet<>()));
        int imports = 0;
        for (ModuleImports mi : result.perModule()) {
            Set<String> pairs = new TreeSet<>();
            for (Import i : mi.imports()) {
                ThinModule from = result.modules().get(i.source());
                pairs.add(Guid.text(namesOnly.guid(i, from)) + " " + from.name());
            }
            actual.put(result.modules().get(mi.module()).name(), pairs);
            imports += pairs.size();
        }
        List<String> disagreements = new ArrayList<>();
        if (!set.flagsByModule().equals(allByLlvm.flagsByModule()) || !set.problems().equals(allByLlvm.problems())) {
            disagreements.add(dir + ": flags differ with --llvm-reads all\n  needed: " + set.flagsByModule()
                    + "\n  all:    " + allByLlvm.flagsByModule());
        }
        if (!set.problems().isEmpty()) {
            disagreements.add(dir + ": could not read: " + set.problems());
        }
        if (!expected.equals(actual)) {
            disagreements.add(dir + ": imports differ\n  lld:      " + expected + "\n  ltocheck: " + actual);
        }
        // -print-import-failures is compared with the bundled lld only: it prints callees in its
        // DenseMap order, which ltocheck models for LLVM 20.
        Map<String, List<String>> lldFailures = TOOLCHAIN != null ? Map.of()
                : ThinLinkGolden.importFailuresByModule(thinLink.stderr().lines().toList());
        Map<String, List<String>> ourFailures = TOOLCHAIN != null ? Map.of()
                : ThinLinkGolden.importFailuresByModule(ImportsLldFailuresRenderer.lines(result, ImportOptions.LLVM_DEFAULTS));
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
            check = LinkCheck.run(result, set.flagsByModule(), lld);
            // As a run does before it prints a finding: LLVM reads the modules named, and agrees.
            set.confirmByLlvm(check.modulesNamed()).ifPresent(line -> disagreements.add(dir + ": " + line));
        } catch (BitcodeLoadException e) {
            throw new IllegalStateException(e);
        }
        LldOutput output = LldOutput.of(check, lld);
        List<String> lldLines = printed.stderr().lines().filter(l -> l.contains(": Import ")).toList();
        List<String> ourLines = ImportsLldRenderer.lines(result, check.failingSource());
        // An aborting lld stops printing wherever its first failing backend dies.
        if (!output.aborts() && !lldLines.equals(ourLines)) {
            disagreements.add(dir + ": -print-imports differs\n  lld:      " + lldLines + "\n  ltocheck: " + ourLines);
        }
        Set<String> lldErrors = new TreeSet<>(printed.stderr().lines()
                .filter(l -> l.startsWith("ld.lld: error: ") || l.startsWith("LLVM ERROR: ")).toList());
        Set<String> ourErrors = new TreeSet<>(output.lines());
        if (output.aborts()) {
            // lld N <= 18: every line it printed is one of ours, it printed at least one, and it died of SIGABRT.
            if (lldErrors.isEmpty() || !ourErrors.containsAll(lldErrors) || printed.exitCode() != output.exitStatus()) {
                disagreements.add(dir + ": aborting lld's lines are not among ours (exit " + printed.exitCode()
                        + ")\n  lld:      " + lldErrors + "\n  ltocheck: " + ourErrors);
            }
            abortedLinks.incrementAndGet();
        } else if (!lldErrors.equals(ourErrors) || printed.exitCode() != output.exitStatus()) {
            disagreements.add(dir + ": error lines differ (exit " + printed.exitCode() + ", predicted "
                    + output.exitStatus() + ")\n  lld:      " + lldErrors + "\n  ltocheck: " + ourErrors);
        }
        errorLines.addAndGet(lldErrors.size());
        predictedLines.addAndGet(ourErrors.size());
        // Every module that imported without failing: its flags after import, as LLVM left them.
        for (String object : eager) {
            Path imported = dir.resolve(object + ".3.import.bc");
            if (!Files.exists(imported) || check.failingSource().containsKey(object)) {
                continue;
            }
            List<String> lines = new ArrayList<>(List.of("== " + object));
            lines.addAll(tool(dir, true, "llvm-dis", "-o", "-", imported.toString()).stdout().lines()
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
