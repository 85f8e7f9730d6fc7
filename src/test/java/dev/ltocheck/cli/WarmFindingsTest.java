package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A failing link checked cold, warm and partly warm (x86-pie: 25 modules in findings): every
 * report is byte for byte the one without the cache, and a warm run's LLVM reads none of the
 * modules its findings name (--verbose says how many it read and how many the cache had).
 */
class WarmFindingsTest {
    @TempDir
    Path work;

    @Test
    void aWarmRunHasLlvmReadNoModuleItsFindingsNameAndReportsTheSame() throws Exception {
        Path tree = work.resolve("x86-pie");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
            }
        }
        String cmd = tree.resolve(".vmlinux.o.cmd").toString();
        String cache = work.resolve("cache").toString();
        for (String format : List.of("text", "json")) {
            CliRunner.Run uncached = CliRunner.run("check", "--format", format, "--link-cmd", cmd, "--no-cache");
            assertEquals(1, uncached.exitCode(), uncached.err());
            assertEquals(uncached, CliRunner.run("check", "--format", format, "--link-cmd", cmd, "--cache-dir", cache));
            assertEquals(uncached, CliRunner.run("check", "--format", format, "--link-cmd", cmd, "--cache-dir", cache));
        }
        assertEquals(List.of("LLVM read 27 of 29 members: 2 flag-set representatives, 25 in findings."),
                CliRunner.run("check", "--link-cmd", cmd, "--cache-dir", cache).out().lines()
                        .filter(l -> l.startsWith("LLVM read")).toList());
        CliRunner.Run warm = CliRunner.run("--verbose", "check", "--link-cmd", cmd, "--cache-dir", cache);
        assertEquals(List.of("modules named in findings: LLVM read 0 in", "25 as an earlier run's LLVM read them"),
                findingReads(warm));
        // The link after the fix (the plan's 5 objects out of LTO; 24 modules offered) is the same run after run: recalled.
        assertEquals(List.of("ltocheck: thin link of 24 modules (a fix's link) recalled (same modules and options)"),
                warm.err().lines().filter(l -> l.contains("a fix's link")).toList(), warm.err());
        assertEquals(List.of("ltocheck: thin link of 24 modules (a fix's link) computed"),
                CliRunner.run("--verbose", "check", "--link-cmd", cmd, "--no-cache").err().lines()
                        .filter(l -> l.contains("a fix's link")).toList());
        // Kept in one file of the link's own, beside the link's memo, however many fixes are checked.
        try (Stream<Path> memos = Files.list(Path.of(cache))) {
            assertEquals(List.of(".fix.thinlink", ".thinlink"), memos.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".thinlink")).map(n -> n.substring(n.indexOf('.'))).sorted().toList());
        }

        // Partly warm: two members rebuilt by another compiler, one touched.
        for (String member : List.of("mm/memory.o", "fs/namei.o")) {
            Files.copy(Samples.dir("clang16").resolve(member), tree.resolve(member), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setLastModifiedTime(tree.resolve("mm/slub.o"), FileTime.from(Instant.now().minus(30, ChronoUnit.MINUTES)));
        CliRunner.Run uncached = CliRunner.run("check", "--link-cmd", cmd, "--no-cache");
        CliRunner.Run partly = CliRunner.run("--verbose", "check", "--link-cmd", cmd, "--cache-dir", cache);
        assertEquals(uncached.out(), partly.out());
        assertEquals(uncached.exitCode(), partly.exitCode());
        assertEquals(uncached.err(), partly.err().lines().filter(l -> !verboseOnly(l)).map(l -> l + "\n")
                .reduce("", String::concat));
        List<String> read = findingReads(partly);
        assertEquals("modules named in findings: LLVM read 2 in", read.get(0), partly.err());
        assertEquals(List.of("modules named in findings: LLVM read 0 in", "25 as an earlier run's LLVM read them"),
                findingReads(CliRunner.run("--verbose", "check", "--link-cmd", cmd, "--cache-dir", cache)));
    }

    /** The --verbose line on the modules findings named, without its milliseconds. */
    private static List<String> findingReads(CliRunner.Run run) {
        String line = run.err().lines().filter(l -> l.startsWith("ltocheck: modules named in findings"))
                .findFirst().orElseThrow(() -> new AssertionError(run.err()));
        return List.of(line.substring("ltocheck: ".length(), line.indexOf(" in ", line.indexOf("LLVM read")) + 3),
                line.substring(line.indexOf("; ") + 2, line.indexOf(" (member cache)")));
    }

    private static boolean verboseOnly(String line) {
        return line.matches("ltocheck: (\\d+ objects listed|thin link of|modules named in findings|member cache:).*");
    }
}
