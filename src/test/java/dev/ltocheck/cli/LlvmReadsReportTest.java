package dev.ltocheck.cli;

import dev.ltocheck.report.CheckReport;
import dev.ltocheck.support.NewerProducer;
import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which members LLVM reads changes nothing but the line that says so: every sample's reports are
 * byte-identical with the default (--llvm-reads needed) and with --llvm-reads all; a module LLVM
 * refuses is named in findings as read by ltocheck only.
 */
class LlvmReadsReportTest {
    @TempDir
    Path dir;

    static Stream<String> samples() throws IOException {
        try (Stream<Path> dirs = Files.list(Samples.ROOT)) {
            return dirs.filter(d -> Files.exists(d.resolve(".vmlinux.o.cmd"))).map(d -> d.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void reportsAreTheSameWhicheverMembersLlvmReads(String scenario) {
        String cmd = Samples.dir(scenario).resolve(".vmlinux.o.cmd").toString();
        for (String[] command : List.of(new String[]{"check"}, new String[]{"check", "--format", "json"},
                new String[]{"check", "--format", "sarif"}, new String[]{"flags"})) {
            CliRunner.Run needed = run(command, cmd, "needed");
            CliRunner.Run all = run(command, cmd, "all");
            assertTrue(needed.out().length() > 50, needed.out() + needed.err());
            // The one line that differs is the one that says which members LLVM read.
            assertEquals(new CliRunner.Run(all.exitCode(), withoutLlvmLine(all.out()), all.err()),
                    new CliRunner.Run(needed.exitCode(), withoutLlvmLine(needed.out()), needed.err()),
                    scenario + " " + String.join(" ", command));
            if (command.length == 1 && command[0].equals("check")) {
                assertEquals(1, all.out().lines().filter(l -> l.startsWith("LLVM read ")
                        && l.contains(" (--llvm-reads all)")).count(), all.out());
                assertEquals(1, needed.out().lines().filter(l -> l.startsWith("LLVM read ")).count(), needed.out());
            }
        }
    }

    private static CliRunner.Run run(String[] command, String cmd, String reads) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.addAll(List.of("--no-cache", "--llvm-reads", reads, "--link-cmd", cmd));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** The report but its LLVM line, with LLVM 20's metadata pointers (which differ from run to run) made alike. */
    private static String withoutLlvmLine(String out) {
        return String.join("\n", dev.ltocheck.support.Samples.pointerless(
                out.lines().filter(l -> !l.startsWith("LLVM read ")).toList()));
    }

    /** A bitcode transformation that may fail. */
    private interface Crafter {
        byte[] apply(byte[] bitcode) throws Exception;
    }

    /** x86-pie copied, one member's bytes made by {@code crafter}: its .vmlinux.o.cmd. */
    private String x86PieWith(String member, Crafter crafter) throws Exception {
        Path tree = dir.resolve("x86-pie");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        Path object = tree.resolve(member);
        Files.write(object, crafter.apply(Files.readAllBytes(object)));
        return tree.resolve(".vmlinux.o.cmd").toString();
    }

    @Test
    void findingsSayWhenAModuleWasReadByLtocheckOnly() throws Exception {
        // Bitcode "from LLVM 22" with an attribute LLVM 20 does not know: LLVM refuses it, ltocheck's readers read it.
        String cmd = x86PieWith("arch/x86/kernel/head64.o", NewerProducer::craft);
        CliRunner.Run report = CliRunner.run("check", "--no-cache", "--link-cmd", cmd);
        // The note's words pinned here: the lines below look for it, and an empty note would match anything.
        assertEquals(" (read by ltocheck only: LLVM refused it)", CheckReport.READ_BY_LTOCHECK_ONLY);
        assertEquals(List.of("arch/x86/kernel/head64.o  small (i32 1)" + CheckReport.READ_BY_LTOCHECK_ONLY
                        + ", 18 failing import pairs"),
                report.out().lines().filter(l -> l.startsWith("arch/x86/kernel/head64.o ")).toList(), report.out());
        assertEquals(List.of("LLVM read 26 of 29 members: 2 flag-set representatives, 24 in findings; 1 LLVM 20.1.7"
                + " refused was read by ltocheck only."), report.out().lines().filter(l -> l.startsWith("LLVM read")).toList());
        // Every other module a finding names was read by LLVM: the detail says so of head64.o only.
        CliRunner.Run detail = CliRunner.run("check", "--no-cache", "--detail", "--link-cmd", cmd);
        List<String> pairs = detail.out().lines().filter(l -> l.contains("  <->  ")).toList();
        long naming = pairs.stream().filter(l -> l.contains("head64.o")).count();
        assertTrue(naming > 10, detail.out());
        assertEquals(naming, pairs.stream().filter(l -> l.contains(CheckReport.READ_BY_LTOCHECK_ONLY)).count(), detail.out());
        assertTrue(pairs.stream().allMatch(l -> l.indexOf(CheckReport.READ_BY_LTOCHECK_ONLY)
                == l.indexOf("head64.o") + "head64.o".length() + " small (i32 1)".length()
                || !l.contains(CheckReport.READ_BY_LTOCHECK_ONLY)), detail.out());
    }

    @Test
    void aModuleLlvmRefusesOnlyWhenAFindingNamesItIsAProblemAsWithLlvmReadsAll() throws Exception {
        // pti.o says it is from LLVM 20.1.7 (not unusual) and is not its flag set's representative:
        // LLVM first reads it when a finding names it, and refuses it (an attribute LLVM 20 does not know).
        String cmd = x86PieWith("arch/x86/mm/pti.o", NewerProducer::withUnknownAttribute);
        CliRunner.Run needed = CliRunner.run("check", "--no-cache", "--llvm-reads", "needed", "--link-cmd", cmd);
        CliRunner.Run all = CliRunner.run("check", "--no-cache", "--llvm-reads", "all", "--link-cmd", cmd);
        assertEquals(List.of("LLVM read 26 of 29 members: 2 flag-set representatives, 24 in findings; 1 LLVM 20.1.7"
                + " refused was read by ltocheck only."), needed.out().lines().filter(l -> l.startsWith("LLVM read")).toList());
        assertEquals(1, all.exitCode(), all.err());
        assertEquals(all.exitCode(), needed.exitCode(), needed.out() + needed.err());
        String refused = "vmlinux.a(pti.o at 904): LLVM 20.1.7 cannot read this bitcode from LLVM20.1.7: ";
        for (CliRunner.Run run : List.of(needed, all)) {
            assertEquals(1, run.err().lines().filter(l -> l.startsWith("ltocheck: " + refused)).count(), run.err());
        }
        assertEquals(all.err().lines().filter(l -> l.contains(refused)).toList(),
                needed.err().lines().filter(l -> l.contains(refused)).toList());
        // The report: the problem line, the coverage line, the exit-3 line, the same in both modes.
        assertEquals(withoutLlvmLine(all.out()), withoutLlvmLine(needed.out()));
        assertEquals(1, needed.out().lines().filter(l -> l.contains(refused)).count(), needed.out());
        CliRunner.Run json = CliRunner.run("check", "--no-cache", "--format", "json", "--link-cmd", cmd);
        assertTrue(json.out().contains("LLVM 20.1.7 cannot read this bitcode from LLVM20.1.7"), json.out());
        assertEquals(1, json.exitCode());
    }

    @Test
    void aPassingLinkWithAModuleLlvmRefusesOnlyInAFindingExitsAsWithLlvmReadsAll() throws Exception {
        // src/test/resources/silent-change-link: the link passes, b2.o adopts a.o's 'frame-pointer'
        // (a silent change); b2.o is not its flag set's representative (b1.o is), and LLVM refuses it.
        Path sample = Path.of("src/test/resources/silent-change-link");
        List<String> objects = new java.util.ArrayList<>();
        for (String name : List.of("a.o", "b1.o", "b2.o")) {
            byte[] bytes = Files.readAllBytes(sample.resolve(name));
            Path copy = dir.resolve(name);
            Files.write(copy, name.equals("b2.o") ? NewerProducer.withUnknownAttribute(bytes) : bytes);
            objects.add(copy.toString());
        }
        List<String> lines = new java.util.ArrayList<>();
        List<CliRunner.Run> runs = new java.util.ArrayList<>();
        for (String reads : List.of("needed", "all")) {
            List<String> args = new java.util.ArrayList<>(List.of("check", "--no-cache", "--llvm-reads", reads));
            args.addAll(objects);
            CliRunner.Run run = CliRunner.run(args.toArray(String[]::new));
            runs.add(run);
            // Incomplete: exit 3, as for any member LLVM refused while loading.
            assertEquals(3, run.exitCode(), reads + "\n" + run.out() + run.err());
            lines.add(String.join("\n", run.err().lines().filter(l -> l.contains("cannot read this bitcode")).toList()));
        }
        assertEquals("ltocheck: " + objects.get(2) + ": LLVM 20.1.7 cannot read this bitcode from LLVM20.1.7: Unknown"
                + " attribute kind (1000) (Producer: 'LLVM20.1.7' Reader: 'LLVM 20.1.7'); an ld.lld older than its producer"
                + " may refuse it too (the report's first line says what yours does); module flags and ThinLTO summary read"
                + " by ltocheck's own reader instead", lines.get(0));
        assertEquals(lines.get(0), lines.get(1));
        assertEquals(withoutLlvmLine(runs.get(1).out()), withoutLlvmLine(runs.get(0).out()));
        assertEquals(List.of("LLVM read 2 of 3 members: 2 flag-set representatives; 1 LLVM 20.1.7 refused was read by"
                + " ltocheck only."), runs.get(0).out().lines().filter(l -> l.startsWith("LLVM read")).toList());
    }
}
