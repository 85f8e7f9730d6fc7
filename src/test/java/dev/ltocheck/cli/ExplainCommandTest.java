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
        // The answer comes first, as check prints it: the verdict, then the plan's objects and their kbuild lines.
        assertEquals("The link fails: 22 errors (ld.lld 20.1.7 prints 20), modelling "
                + Samples.dir("x86-pie").resolve(".vmlinux.o.cmd"), out.get(0));
        assertTrue(out.indexOf("  fix: CFLAGS_REMOVE_head64.o += $(CC_FLAGS_LTO)  (arch/x86/kernel/Makefile, after line 23)")
                < out.indexOf("The log's 40 error lines, each with its modules and what is imported:"), run.out());
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
        // The log's lines are explained alike; only the answer's kbuild lines need the tree (--link-cmd's folder).
        assertEquals(plain.out().lines().dropWhile(l -> !l.startsWith("The log's")).toList(),
                named.out().replace(sample + "/", "").lines().dropWhile(l -> !l.startsWith("The log's")).toList());
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
            planned.add(m.group(2) + " in " + m.group(3));
        }
        assertTrue(planned.size() > 1, fix.out());
        // explain's answer gives each object of the same plan with its line: "  fix: LINE  (FILE, after line N)".
        List<String> explained = new ArrayList<>();
        Matcher e = Pattern.compile("(?m)^  fix: (.*)  \\((\\S+), after line \\d+\\)$").matcher(explain.out());
        while (e.find()) {
            explained.add(e.group(1) + " in " + e.group(2));
        }
        assertEquals(planned, explained, explain.out());
    }
}
