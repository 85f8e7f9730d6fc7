package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplainCommandTest {
    @TempDir
    Path dir;

    /** LLVM 20's line rewritten the way LLVM 19 and older printed it (as in the LKML report). */
    private static String olderForm(String line) {
        return line.replaceAll("IDs have conflicting values: '[^']*' from (.*\\)), and '[^']*' from (.*\\))$",
                "IDs have conflicting values in '$1' and '$2'");
    }

    @Test
    void bothFormsResolveToPathsAndImportsAndTheUnprintedErrorsFollow() throws IOException {
        // lld's real output at its default limit: 20 errors and the "too many errors" line.
        List<String> real = Samples.golden("x86-pie", "lld-link-default-limit.txt");
        List<String> log = new ArrayList<>(List.of("  LD      vmlinux.o"));
        log.addAll(real);
        real.stream().filter(l -> l.contains("conflicting values")).map(ExplainCommandTest::olderForm).forEach(log::add);
        Path file = dir.resolve("build.log");
        Files.write(file, log);

        CliRunner.Run run = CliRunner.run("explain", file.toString(), "--link-cmd",
                Samples.dir("x86-pie").resolve(".vmlinux.o.cmd").toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> out = run.out().lines().toList();
        // every error line of the log is repeated and followed by its two modules by path
        int explained = 0;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).startsWith("ld.lld: error: ") && !out.get(i).contains("too many errors")) {
                assertTrue(out.get(i + 1).matches("    \\S+\\.o \\(.*\\) imports from \\S+\\.o \\(.*\\):"), out.get(i + 1));
                assertTrue(out.get(i + 2).matches("        \\S+ \\((function, \\d+ insts?|variable)\\) via .*"), out.get(i + 2));
                explained++;
            }
        }
        assertEquals(20 + 20 + 2, explained, run.out());
        assertTrue(run.out().contains("Not in the log (lld stops after 20 errors): 2 more:"), run.out());
        assertTrue(run.out().contains("    arch/x86/kernel/head64.o: CFLAGS_REMOVE_head64.o += $(CC_FLAGS_LTO)"), run.out());
    }

    @Test
    void fullLtoLinesNameTheModuleThatCannotJoinLdTemp() throws IOException {
        Path file = dir.resolve("build.log");
        Files.write(file, Samples.lldErrors("full-lto"));
        CliRunner.Run run = CliRunner.run("explain", file.toString(), "--link-cmd",
                Samples.dir("full-lto").resolve(".vmlinux.o.cmd").toString());
        assertTrue(run.out().contains("    arch/x86/kernel/head64.o (small (i32 1)) cannot join the modules merged before"
                + " it into ld-temp.o"), run.out());
    }

    @Test
    void aLineFromAnotherBuildIsSaidToBeUnknown() throws IOException {
        Path file = dir.resolve("build.log");
        Files.writeString(file, "ld.lld: error: Function Import: link error: linking module flags 'Code Model': IDs have"
                + " conflicting values in 'vmlinux.a(head64.o at 1181178)' and 'vmlinux.a(numa.o at 1191378)'\n");
        CliRunner.Run run = CliRunner.run("explain", file.toString(), "--link-cmd",
                Samples.dir("x86-pie").resolve(".vmlinux.o.cmd").toString());
        assertEquals(1, run.exitCode());
        assertFalse(run.out().isEmpty());
        assertTrue(run.out().contains("(no such failing import in the analysed link: is it the same build?)"));
    }

    private static final String X86_PIE_CMD = Samples.dir("x86-pie").resolve(".vmlinux.o.cmd").toString();

    private static Path realLog() {
        return Samples.dir("x86-pie").resolve("expected/lld-link-default-limit.txt");
    }

    @Test
    void theInputOptionsOfCheckAreAcceptedAndChangeNothingInTheAnswer() {
        CliRunner.Run plain = CliRunner.run("explain", realLog().toString(), "--link-cmd", X86_PIE_CMD);
        assertEquals(0, plain.exitCode(), plain.err());
        CliRunner.Run with = CliRunner.run("explain", realLog().toString(), "--link-cmd", X86_PIE_CMD, "--no-make",
                "--isolate", "-j", "1", "--no-cache", "--allow-incomplete");
        assertEquals(0, with.exitCode(), with.err());
        assertEquals(plain.out(), with.out());
        assertTrue(plain.out().contains("Not in the log (lld stops after 20 errors): 2 more:"), plain.out());
        // The inputs named after the log, as for check, are the link --archive names.
        Path sample = Samples.dir("x86-pie");
        CliRunner.Run named = CliRunner.run("explain", realLog().toString(), sample.resolve("vmlinux.a").toString(),
                "--lib", sample.resolve("lib/lib.a").toString(), "-mllvm", "-import-instr-limit=5");
        CliRunner.Run archive = CliRunner.run("explain", realLog().toString(), "--archive",
                sample.resolve("vmlinux.a").toString(), "--lib", sample.resolve("lib/lib.a").toString(), "-mllvm",
                "-import-instr-limit=5");
        assertEquals(0, named.exitCode(), named.err());
        assertEquals(archive.out(), named.out());
        assertEquals(plain.out().lines().takeWhile(l -> !l.startsWith("Fix, ")).toList(),
                named.out().replace(sample + "/", "").lines().takeWhile(l -> !l.startsWith("Fix, ")).toList());
    }

    @Test
    void anUnreadableMemberMakesTheAnswerIncomplete() throws IOException {
        Path tree = dir.resolve("tree");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        // Not a module of any line of the log: the lines are still explained, but the link was not read whole.
        Files.writeString(tree.resolve("init/main.o"), "BC not really bitcode");
        String cmd = tree.resolve(".vmlinux.o.cmd").toString();
        CliRunner.Run run = CliRunner.run("explain", realLog().toString(), "--link-cmd", cmd);
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("ltocheck: ") && l.contains("main.o")), run.err());
        assertTrue(run.out().lines().noneMatch(l -> l.contains("(no such failing import")), run.out());
        assertEquals(0, CliRunner.run("explain", realLog().toString(), "--link-cmd", cmd, "--allow-incomplete")
                .exitCode());
    }

    @Test
    void aLargeLogIsStreamedToTheSameAnswer() throws IOException {
        CliRunner.Run plain = CliRunner.run("explain", realLog().toString(), "--link-cmd", X86_PIE_CMD);
        List<String> real = Files.readAllLines(realLog());
        Path big = dir.resolve("big.log");
        try (java.io.BufferedWriter w = Files.newBufferedWriter(big)) {
            for (int i = 0; i < 200_000; i++) {
                w.write("  CC      drivers/misc/file" + i + ".o\n");
                if (i % 10_000 == 0 && i / 10_000 < real.size()) {
                    w.write(real.get(i / 10_000) + "\n");
                }
            }
            for (String line : real.subList(Math.min(20, real.size()), real.size())) {
                w.write(line + "\n");
            }
            // A line longer than any kept is skipped as it is read, and lld's next line still counts.
            w.write("x".repeat(ExplainCommand.MAX_LINE_CHARS + 10));
            w.write("\n");
        }
        CliRunner.Run run = CliRunner.run("explain", big.toString(), "--link-cmd", X86_PIE_CMD);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(plain.out(), run.out());
    }

    @Test
    void aLogThatIsAFifoIsOneLine() throws Exception {
        Path fifo = dir.resolve("build.log");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        CliRunner.Run run = CliRunner.run("explain", fifo.toString(), "--link-cmd", X86_PIE_CMD);
        assertEquals(2, run.exitCode());
        assertEquals("ltocheck: " + fifo + ": is a FIFO, not a regular file", run.err().strip());
    }

    @Test
    void theFixIsTheObjectsFixTakesOutOfLto() throws Exception {
        Path tree = dir.resolve("tree");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        Files.copy(realLog(), tree.resolve("build.log"));
        CliRunner.Run fix = CliProcess.in(tree, "fix");
        CliRunner.Run explain = CliProcess.in(tree, "explain", "build.log");
        assertEquals(0, explain.exitCode(), explain.err());
        // fix: "# arch/x86/kernel/head64.o  [vmlinux.a(head64.o at 724)]  'Code Model'", "#   add LINE to FILE ..."
        List<String> planned = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^# (\\S+\\.o)  \\[.*\\n(?:#   .*\\n)*?#   add (.*) to (\\S+)").matcher(fix.out());
        while (m.find()) {
            planned.add("    " + m.group(1) + ": " + m.group(2) + " in " + m.group(3));
        }
        assertTrue(planned.size() > 1, fix.out());
        List<String> out = explain.out().lines().toList();
        int at = out.indexOf("Fix, as 'ltocheck fix' plans it: take " + planned.size() + " objects out of LTO (a minimum"
                + " vertex cover of the failing import pairs):");
        assertTrue(at > 0, explain.out());
        assertEquals(planned, out.subList(at + 1, at + 1 + planned.size()));
        assertEquals("'ltocheck fix' writes the patch and checks the link again without them.", out.get(at + 1 + planned.size()));
    }
}
