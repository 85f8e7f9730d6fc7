package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.summary.Guid;
import dev.ltocheck.support.ThinLinkGolden;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Samples built by Debian's clang 15, 16, 19 and 22 and linked by their own ld.lld, recorded by
 * scripts/make-samples (no Debian compiler is needed here): ltocheck, told the version by the tree's
 * CONFIG_LLD_VERSION as kbuild writes it, predicts that lld's own lines and outcome.
 */
class LldVersionSamplesTest {
    static final List<String> SAMPLES = versioned();

    private static List<String> versioned() {
        List<String> names = new ArrayList<>();
        for (int v : new int[]{15, 16, 19, 22}) {
            for (String base : List.of("x86-pie", "riscv-medany", "stack-align")) {
                names.add("lld" + v + "-" + base);
            }
        }
        return names;
    }

    private static int major(String sample) {
        return Integer.parseInt(sample.substring(3, sample.indexOf('-')));
    }

    private static String cmd(String sample) {
        return Samples.dir(sample).resolve(".vmlinux.o.cmd").toString();
    }

    private static List<String> recordedLines(String sample, String golden) {
        return Samples.golden(sample, golden).stream()
                .filter(l -> l.startsWith("ld.lld: error: ") || l.startsWith("LLVM ERROR: ")).toList();
    }

    private static int recordedExit(String sample) throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(Samples.dir(sample).resolve("expected/lld-link.txt"));
        String last = lines.stream().filter(l -> l.startsWith("# exit status: ")).reduce((a, b) -> b).orElseThrow();
        return Integer.parseInt(last.substring("# exit status: ".length()));
    }

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void predictedLinesAreThatLldsOwn(String sample) throws Exception {
        CliRunner.Run run = CliRunner.run("check", "--lld-lines", "--link-cmd", cmd(sample));
        assertEquals(1, run.exitCode(), run.err());
        List<String> predicted = run.out().lines().toList();
        List<String> recorded = recordedLines(sample, "lld-link.txt");
        assertFalse(recorded.isEmpty(), "every sample's link fails");
        if (major(sample) <= 16) {
            // It died at the first failing import: that line is one of ours, all ours in its words.
            assertTrue(predicted.containsAll(recorded), recorded + " among " + predicted);
            assertTrue(predicted.stream().allMatch(l -> l.startsWith("LLVM ERROR: Function Import: link error: ")
                    || l.startsWith("ld.lld: error: linking module flags")), predicted.toString());
            assertEquals(134, recordedExit(sample));
            assertTrue(run.err().contains("ltocheck: ld.lld " + (major(sample) == 15 ? "15.0.6" : "16.0.6")
                    + " aborts at the first failing import, one of these " + predicted.size()), run.err());
        } else {
            assertEquals(new TreeSet<>(recorded), new TreeSet<>(predicted));
            assertEquals(recorded.size(), predicted.size());
            assertEquals(1, recordedExit(sample));
            // lld's default limit with --thinlto-jobs=1, line for line
            CliRunner.Run limited = CliRunner.run("check", "--lld-lines", "--error-limit", "20", "--link-cmd", cmd(sample));
            assertEquals(recordedLines(sample, "lld-link-default-limit.txt"), limited.out().lines().toList());
        }
        if (major(sample) < 20) {
            assertTrue(predicted.stream().noneMatch(l -> l.contains("IDs have conflicting values: ")), "pre-20 words");
        }
    }

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void theReportSaysWhichLldItModels(String sample) throws Exception {
        CliRunner.Run run = CliRunner.run("check", "--link-cmd", cmd(sample));
        String version = lldVersion(sample);
        String first = run.out().lines().findFirst().orElse("");
        // Line 1: the verdict, in the modelled lld's terms, and the link modelled.
        assertTrue(first.startsWith("The link ") && first.contains("ld.lld " + version)
                && first.contains("odelling " + cmd(sample)), first);
        if (major(sample) <= 16) {
            assertTrue(run.out().contains("The link fails: ld.lld " + version + " aborts at the first failing import"),
                    run.out());
        }
        CliRunner.Run json = CliRunner.run("check", "--format", "json", "--link-cmd", cmd(sample));
        assertTrue(json.out().contains("\"version\" : \"" + version + "\""), json.out());
        assertTrue(json.out().contains("\"aborts\" : " + (major(sample) <= 16)), json.out());
        assertEquals(java.util.Set.of(), dev.ltocheck.support.JsonSchemas.validate("check.schema.json",
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out())));
        CliRunner.Run sarif = CliRunner.run("check", "--format", "sarif", "--link-cmd", cmd(sample));
        assertTrue(sarif.out().contains("\"lldVersion\" : \"" + version + "\""), sarif.out());
    }

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void importsAreThatLldsThinLink(String sample) throws Exception {
        List<String> archives = Samples.archives(sample);
        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(Samples.dir(sample), archives.subList(0, 1),
                archives.subList(1, archives.size())), 2);
        // LLVM 20 reads what clang 15-19 wrote; what it cannot read of clang 22's (new attributes in the
        // stack-align sample's IR members), ltocheck's own readers read, and say so.
        assertTrue(set.problems().stream().allMatch(p -> major(sample) > 20
                && p.message().endsWith("module flags and ThinLTO summary read by ltocheck's own reader instead")),
                set.problems().toString());
        ImportResult result = ThinLink.run(set.thinModules(), LinkOptions.RELOCATABLE,
                ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=5")));
        LldVersion lld = LldVersion.parse(lldVersion(sample)).orElseThrow();
        Path golden = Samples.dir(sample).resolve("expected/thinlto");
        List<String> modules = Samples.thinLinkModuleNames(sample);
        LldOutput output = LldOutput.of(LinkCheck.run(result, set.flagsByModule()), lld);
        Map<String, Set<String>> ours = new HashMap<>();
        Map<String, List<String>> ourSources = new HashMap<>();
        modules.forEach(m -> {
            ours.put(m, new TreeSet<>());
            ourSources.put(m, List.of());
        });
        for (ModuleImports mi : result.perModule()) {
            String into = result.modules().get(mi.module()).name();
            Set<String> pairs = new TreeSet<>();
            for (Import i : mi.imports()) {
                pairs.add(Guid.text(output.guid(i, result.modules().get(i.source()))) + " " + result.modules().get(i.source()).name());
            }
            ours.put(into, pairs);
            ourSources.put(into, result.sourceModules(mi.module()).stream().map(s -> result.modules().get(s).name()).toList());
        }
        assertEquals(ThinLinkGolden.importedPairs(golden, modules), ours);
        assertEquals(ThinLinkGolden.sourceModules(golden, modules), ourSources);
        assertTrue(ours.values().stream().mapToInt(Set::size).sum() > 0);
    }

    /** The version in the golden file's header: "# Generated by scripts/make-samples with Debian LLD 16.0.6 (...)". */
    private static String lldVersion(String sample) {
        return readFirstLine(sample).replaceAll(".*LLD (\\d+\\.\\d+\\.\\d+).*", "$1");
    }

    private static String readFirstLine(String sample) {
        try {
            return java.nio.file.Files.readAllLines(Samples.dir(sample).resolve("expected/lld-link.txt")).get(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
