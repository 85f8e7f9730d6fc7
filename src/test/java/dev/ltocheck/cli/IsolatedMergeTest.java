package dev.ltocheck.cli;

import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With --isolate the flag merge runs in a worker: libLLVM crashing there costs that merge one line
 * on stderr, the report on stdout is whole and clean, and the other modules are still checked. The
 * crash is the worker's test seam (a merge of a flag with a chosen key dereferences a bad pointer
 * in libLLVM), so that the test does not depend on which inputs today's IRMover crashes on.
 */
class IsolatedMergeTest {
    private static final String SEAM = "ltocheck.worker.crashOnFlag";
    private static final String CRASH_KEY = "ltocheck-test-crash";

    @TempDir
    Path dir;

    @BeforeEach
    void arm() {
        System.setProperty(SEAM, CRASH_KEY);
    }

    @AfterEach
    void disarm() {
        System.clearProperty(SEAM);
    }

    /** {@code user} calls {@code helper}, which {@code provider} defines: user imports from provider. */
    private void pair(String user, String provider, String userFlags, String providerFlags) throws IOException {
        String helper = "helper_" + provider;
        write(user, "declare i32 @" + helper + "(i32)\n"
                + "define i32 @main_" + user + "(i32 %x) {\n  %r = call i32 @" + helper + "(i32 %x)\n  ret i32 %r\n}\n",
                userFlags);
        write(provider, "define i32 @" + helper + "(i32 %x) {\n  %r = add i32 %x, 1\n  ret i32 %r\n}\n", providerFlags);
    }

    private void write(String name, String body, String flags) throws IOException {
        String ll = "target triple = \"x86_64-unknown-linux-gnu\"\n" + body
                + "!llvm.module.flags = !{!0, !1}\n!0 = !{i32 1, !\"wchar_size\", i32 4}\n" + flags + "\n";
        Files.writeString(dir.resolve(name + ".ll"), ll);
        Tools.check(dir, "clang", "-flto=thin", "-O2", "-c", name + ".ll", "-o", name + ".o");
    }

    private String o(String name) {
        return dir.resolve(name + ".o").toString();
    }

    @Test
    @Timeout(120)
    void aMergeThatCrashesTheWorkerIsOneLineAndTheOtherImportsAreStillChecked() throws IOException {
        pair("a", "b", "!1 = !{i32 2, !\"" + CRASH_KEY + "\", i32 1}", "!1 = !{i32 2, !\"" + CRASH_KEY + "\", i32 2}");
        pair("c", "d", "!1 = !{i32 1, !\"Code Model\", i32 1}", "!1 = !{i32 1, !\"Code Model\", i32 3}");

        CliRunner.Run run = CliRunner.run("check", "--isolate", "--lld-lines", o("a"), o("b"), o("c"), o("d"));

        assertEquals(1, run.exitCode(), run.err()); // c's import from d fails the link, as in lld
        List<String> crashLines = run.err().lines().filter(l -> l.contains("libLLVM crashed")).toList();
        assertEquals(1, crashLines.size(), run.err());
        assertTrue(crashLines.get(0).startsWith("ltocheck: libLLVM crashed merging the flags of " + o("a") + " and "
                + o("b") + " (isolated worker exited with "), crashLines.get(0));
        assertEquals(List.of("ld.lld: error: Function Import: link error: linking module flags 'Code Model': IDs have"
                + " conflicting values: 'i32 3' from " + o("d") + ", and 'i32 1' from " + o("c")), run.out().lines().toList());
    }

    @Test
    @Timeout(120)
    void aCrashAloneLeavesTheRunIncompleteAndTheReportClean() throws IOException {
        pair("a", "b", "!1 = !{i32 2, !\"" + CRASH_KEY + "\", i32 1}", "!1 = !{i32 2, !\"" + CRASH_KEY + "\", i32 2}");

        CliRunner.Run run = CliRunner.run("check", "--isolate", o("a"), o("b"));

        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().filter(l -> l.contains("libLLVM crashed merging the flags of")).count(),
                run.err());
        assertFalse(run.out().contains("#"), run.out()); // no JVM crash banner in the report
        assertFalse(run.out().contains("libLLVM"), run.out());
        assertEquals(0, CliRunner.run("check", "--isolate", "--allow-incomplete", o("a"), o("b")).exitCode());
    }

    /** Without the crash, the isolated merge gives the in-process verdict, line for line. */
    @Test
    @Timeout(120)
    void isolatedAndInProcessMergesAgree() throws IOException {
        System.clearProperty(SEAM);
        pair("c", "d", "!1 = !{i32 1, !\"Code Model\", i32 1}", "!1 = !{i32 1, !\"Code Model\", i32 3}");
        pair("e", "f", "!1 = !{i32 7, !\"PIC Level\", i32 2}", "!1 = !{i32 7, !\"PIC Level\", i32 1}");
        String[] inputs = {o("c"), o("d"), o("e"), o("f")};
        CliRunner.Run inProcess = CliRunner.run(args(new String[]{"check", "--format", "json"}, inputs));
        CliRunner.Run isolated = CliRunner.run(args(new String[]{"check", "--format", "json", "--isolate"}, inputs));
        assertEquals(1, inProcess.exitCode(), inProcess.err());
        assertEquals(inProcess.exitCode(), isolated.exitCode(), isolated.err());
        assertEquals(inProcess.out(), isolated.out());
    }

    private static String[] args(String[] options, String[] inputs) {
        List<String> all = new java.util.ArrayList<>(List.of(options));
        all.addAll(List.of(inputs));
        return all.toArray(String[]::new);
    }
}
