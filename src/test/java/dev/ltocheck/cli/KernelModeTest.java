package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 'ltocheck' with no arguments inside a kernel object tree finds the link of vmlinux.o itself:
 * from .vmlinux.o.cmd, else from 'make -n vmlinux_o', else from include/config/auto.conf, and
 * reports exactly what the explicit form reports (which needs -mllvm -import-instr-limit=5).
 */
class KernelModeTest {
    @TempDir
    Path tree;

    private record Output(int code, String out, String err) {
    }

    private Output ltocheckIn(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        // make runs with the bundled toolchain on PATH, as in a kernel build with LLVM=1.
        builder.environment().putAll(Tools.toolchain().environment(builder.environment()));
        Path out = Files.createTempFile("ltocheck", ".out");
        Path err = Files.createTempFile("ltocheck", ".err");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsFindsTheLinkThreeWaysAndAgreesWithTheExplicitForm() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        Output explicit = ltocheckIn(tree, "check", "--lld-lines", "vmlinux.a", "--lib", "lib/lib.a",
                "-mllvm", "-import-instr-limit=5");
        assertEquals(22, explicit.out().lines().count());

        Output fromCmdFile = ltocheckIn(tree, "--lld-lines");
        assertEquals(explicit.out(), fromCmdFile.out());
        assertEquals(1, fromCmdFile.code());
        // stdout is lld's lines byte for byte; the report's first line goes to stderr.
        assertEquals("ltocheck: The link fails: 22 errors (ld.lld 20.1.7 prints 20), modelling .vmlinux.o.cmd\n",
                fromCmdFile.err());

        Files.delete(tree.resolve(".vmlinux.o.cmd"));
        Output fromMake = ltocheckIn(tree, "--lld-lines");
        assertEquals(explicit.out(), fromMake.out());
        assertTrue(fromMake.err().contains("link line from 'make -s -n vmlinux_o ARCH=x86 LLVM=1'"), fromMake.err());

        Files.delete(tree.resolve("Makefile"));
        Output fromConfig = ltocheckIn(tree, "--lld-lines");
        assertEquals(explicit.out(), fromConfig.out());
        assertTrue(fromConfig.err().contains("rebuilt from include/config/auto.conf"), fromConfig.err());
    }

    @Test
    void noArgumentsOutsideAKernelTreeIsAUsageError(@TempDir Path empty) throws Exception {
        Output run = ltocheckIn(empty);
        assertEquals(2, run.code());
        assertTrue(run.err().contains("is not a kernel object tree"), run.err());
    }
}
