package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report does not depend on how its members were read: one thread or several, from the cache
 * or not, its thin link computed or recalled. Compared byte for byte, exit code and both streams.
 */
class ReportStabilityTest {
    @TempDir
    Path cache;

    @ParameterizedTest
    @CsvSource({
            "x86-pie,check,text", "x86-pie,check,json", "x86-pie,check,sarif", "x86-pie,imports,json",
            "x86-pie,flags,json", "riscv-medany,check,json", "stack-align,check,text", "clang16,check,json",
            "x86-pie-fixed,check,json", "x86-pitext,sections,json"})
    void sameBytesWithOneOrManyThreadsWithOrWithoutTheCache(String scenario, String command, String format)
            throws IOException {
        String cmd = Samples.dir(scenario).resolve(".vmlinux.o.cmd").toString();
        String dir = cache.toString();
        List<String[]> variants = List.of(
                new String[]{"-j", "1", "--no-cache"},
                new String[]{"-j", "4", "--no-cache"},
                new String[]{"-j", "4", "--cache-dir", dir}, // fills the cache
                new String[]{"-j", "1", "--cache-dir", dir}, // everything from it
                new String[]{"-j", "3", "--cache-dir", dir});
        CliRunner.Run first = null;
        for (String[] variant : variants) {
            List<String> args = new ArrayList<>(List.of(command, "--format", format, "--link-cmd", cmd));
            args.addAll(List.of(variant));
            CliRunner.Run run = CliRunner.run(args.toArray(String[]::new));
            if (variant[2].equals("--cache-dir")) {
                // The cache is written while the run goes on, and the run ends only once it is.
                try (var files = Files.list(cache)) {
                    assertTrue(files.anyMatch(f -> f.toString().endsWith(".ltocache")), cache.toString());
                }
            }
            if (first == null) {
                first = run;
                assertTrue(run.out().length() > 100, run.out() + run.err());
            } else {
                assertEquals(first, run, String.join(" ", args));
            }
        }
        if (!command.equals("flags")) {
            // The runs from the cache above took the thin link's outcome from it too.
            CliRunner.Run verbose = CliRunner.run("--verbose", command, "--format", format, "--link-cmd", cmd,
                    "--cache-dir", dir);
            assertTrue(verbose.err().contains("modules recalled (same modules and options)"), verbose.err());
            assertEquals(first.out(), verbose.out());
        }
    }
}
