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

    @Test
    void findingsSayWhenAModuleWasReadByLtocheckOnly() throws Exception {
        // Bitcode "from LLVM 22" with an attribute LLVM 20 does not know: LLVM refuses it, ltocheck's readers read it.
        Path tree = dir.resolve("x86-pie");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        Path head64 = tree.resolve("arch/x86/kernel/head64.o");
        Files.write(head64, NewerProducer.craft(Files.readAllBytes(head64)));
        String cmd = tree.resolve(".vmlinux.o.cmd").toString();
        CliRunner.Run report = CliRunner.run("check", "--no-cache", "--link-cmd", cmd);
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
}
