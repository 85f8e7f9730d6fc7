package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.support.JsonSchemas;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * check --save-baseline / --baseline on the x86-pie sample rebuilt by its mini-kbuild: (a) one
 * object's flags changed, (b) a new object importing from an old minority object. The reports
 * blame a flag change and an import edge; SARIF carries baselineState.
 */
class BaselineTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private Path baseline;

    @BeforeEach
    void saveBaseline() throws Exception {
        Path tree = copy("base");
        baseline = dir.resolve("base.json");
        CliRunner.Run saved = check(tree, "--save-baseline", baseline.toString());
        assertEquals(1, saved.exitCode(), saved.err());
        JsonNode json = MAPPER.readTree(baseline.toFile());
        assertEquals(java.util.Set.of(), JsonSchemas.validate("baseline.schema.json", json));
        assertEquals(28, json.get("modules").size());
        assertEquals(23, json.get("findings").size());
        // Two flag classes: -mcmodel=kernel, and the PIE objects' small code model with PIC/PIE levels.
        assertEquals(2, json.get("classes").size());
        assertEquals("arch/x86/kernel/head64.o", json.get("modules").get(1).get("name").asText());
    }

    private Path copy(String name) throws IOException {
        Path tree = dir.resolve(name);
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        return tree;
    }

    private static CliRunner.Run check(Path tree, String... extra) {
        List<String> args = new ArrayList<>(List.of("check", "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static void make(Path tree) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("make", "-s").directory(tree.toFile()).redirectErrorStream(true)
                .redirectOutput(tree.resolve("build.log").toFile());
        builder.environment().putAll(Tools.toolchain().environment(builder.environment()));
        Process p = builder.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tree.resolve("build.log")));
    }

    /** Each SARIF result's rule and message start, by baselineState. */
    private static Map<String, List<String>> states(String sarif) throws IOException {
        Map<String, List<String>> states = new TreeMap<>();
        for (JsonNode r : MAPPER.readTree(sarif).get("runs").get(0).get("results")) {
            states.computeIfAbsent(r.path("baselineState").asText("(none)"), s -> new ArrayList<>())
                    .add(r.get("ruleId").asText() + " " + r.get("message").get("text").asText().split(":")[0]);
        }
        return states;
    }

    @Test
    void anUnchangedTreeHasNothingNew() throws Exception {
        Path tree = copy("same");
        CliRunner.Run run = check(tree, "--baseline", baseline.toString());
        assertEquals(1, run.exitCode(), "--fail-on error: the old failures still fail the run");
        assertTrue(run.out().contains("\nAgainst the baseline " + baseline + ": 0 new findings, 23 unchanged, 0 gone.\n"),
                run.out());
        assertEquals(0, check(tree, "--baseline", baseline.toString(), "--fail-on", "new").exitCode());
        Map<String, List<String>> states = states(check(tree, "--baseline", baseline.toString(), "--format", "sarif").out());
        assertEquals(java.util.Set.of("unchanged"), states.keySet());
    }

    @Test
    void aFlagChangeIsBlamedOnTheObjectWhoseFlagsChanged() throws Exception {
        Path tree = copy("a");
        Path makefile = tree.resolve("mm/Makefile");
        Files.writeString(makefile, Files.readString(makefile) + "\nCFLAGS_numa.o += $(PIE_CFLAGS)\n");
        make(tree);
        CliRunner.Run run = check(tree, "--baseline", baseline.toString());
        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(List.of(
                "Against the baseline " + baseline + ": 1 new finding, 21 unchanged, 2 gone.",
                "new error: init/main.o imports from mm/numa.o across 'Code Model': a new flag difference: mm/numa.o's"
                        + " 'Code Model' changed since the baseline: i32 2 then, i32 1 now. The culprit is the change to"
                        + " mm/numa.o.",
                "gone error: arch/x86/kernel/head64.o imports from mm/numa.o across 'Code Model'",
                "gone error: mm/numa.o imports from arch/x86/kernel/head64.o across 'Code Model'"),
                lines.subList(1, lines.size()));
        assertEquals(1, check(tree, "--baseline", baseline.toString(), "--fail-on", "new").exitCode());
        // CI's compare-then-update on one file: compared with the old baseline first, then replaced by
        // the new one, after which nothing is new.
        Path updated = dir.resolve("updated.json");
        Files.copy(baseline, updated);
        CliRunner.Run update = check(tree, "--baseline", updated.toString(), "--save-baseline", updated.toString(),
                "--fail-on", "new");
        assertEquals(1, update.exitCode(), update.out() + update.err());
        assertTrue(update.out().contains(": 1 new finding, 21 unchanged, 2 gone."), update.out());
        assertEquals(0, check(tree, "--baseline", updated.toString(), "--fail-on", "new").exitCode());
        Map<String, List<String>> states = states(check(tree, "--baseline", baseline.toString(), "--format", "sarif").out());
        assertEquals(List.of("LTO001 vmlinux.a(main.o at 604) imports numa_valid_node from vmlinux.a(numa.o at 1084)"),
                states.get("new").stream().filter(s -> s.startsWith("LTO001")).toList());
        assertEquals(List.of("LTO001 Gone since the baseline", "LTO001 Gone since the baseline"), states.get("absent"));
        // One SARIF result per import: the 21 unchanged pairs carry 29.
        assertEquals(29, states.get("unchanged").stream().filter(s -> s.startsWith("LTO001")).count());
    }

    @Test
    void aNewImportAcrossAnOldBoundaryIsBlamedOnTheImport() throws Exception {
        Path tree = copy("b");
        Files.writeString(tree.resolve("mm/vma_exec.c"), """
                // SPDX-License-Identifier: GPL-2.0-only
                /* mm/vma_exec.c (new: an ordinary -mcmodel=kernel object that calls into pti.o) */
                #include <asm/page.h>
                #include <asm/mem_encrypt.h>

                int vma_exec_setup(unsigned long address)
                {
                	return pti_user_pgd_enabled() ? -1 : (int)(address >> PAGE_SHIFT);
                }
                """);
        Path makefile = tree.resolve("mm/Makefile");
        Files.writeString(makefile, Files.readString(makefile).replace("filemap.o", "filemap.o vma_exec.o"));
        make(tree);
        CliRunner.Run run = check(tree, "--baseline", baseline.toString(), "--fail-on", "new");
        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(List.of(
                "Against the baseline " + baseline + ": 1 new finding, 23 unchanged, 0 gone.",
                "new error: mm/vma_exec.o imports from arch/x86/mm/pti.o across 'Code Model': a new import edge across"
                        + " an old boundary: mm/vma_exec.o, new since the baseline, imports from arch/x86/mm/pti.o"
                        + " (pti_user_pgd_enabled); arch/x86/mm/pti.o's 'Code Model' (i32 1) has differed from"
                        + " mm/vma_exec.o's (i32 2) since the baseline. The culprit is the change that made the import"
                        + " (a new call, or a function now small enough to import), not arch/x86/mm/pti.o."),
                lines.subList(1, lines.size()));
        Map<String, List<String>> states = states(check(tree, "--baseline", baseline.toString(), "--format", "sarif").out());
        // lld's names: the new member moved the offsets.
        assertEquals(List.of("LTO004 arch/x86/mm/pti.o (small (i32 1), 2 failing import pairs)",
                        "LTO001 vmlinux.a(vma_exec.o at N) imports pti_user_pgd_enabled from vmlinux.a(pti.o at N)"),
                states.get("new").stream().map(s -> s.replaceAll(" at [0-9]+\\)", " at N)")).toList());
        assertEquals(null, states.get("absent"));
    }

    @Test
    void aBaselineOfAnotherVersionIsRefusedInOneLine() throws Exception {
        ObjectNode json = (ObjectNode) MAPPER.readTree(baseline.toFile());
        json.put("schemaVersion", 2);
        Path other = dir.resolve("other.json");
        Files.writeString(other, json.toString());
        CliRunner.Run run = check(dir.resolve("base"), "--baseline", other.toString());
        assertEquals(2, run.exitCode());
        assertEquals("ltocheck: --baseline " + other + ": baseline schema version 2, this ltocheck reads 1 (save the"
                + " baseline again)\n", run.err());
        CliRunner.Run usage = check(dir.resolve("base"), "--fail-on", "new");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.err().startsWith("ltocheck: --fail-on new needs a --baseline FILE"), usage.err());
    }
}
