package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
