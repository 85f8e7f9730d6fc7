package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paths on which ltocheck used to give a wrong answer without a word (issue 15, "Wrong answers,
 * no warning"), run as a user runs them: the exit code and the one line that says what is wrong.
 */
class NoSilentWrongAnswerTest {
    @TempDir
    Path tree;

    private static final String TREE_OPTIONS = "modelling the command line, with the link options of .vmlinux.o.cmd"
            + " (-mllvm -import-instr-limit=5 --start-group lib/lib.a --end-group -r)";

    @Test
    void namedInputsInAKernelTreeTakeTheTreesLinkOptions() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        // What lld prints for this tree's link: 22 lines, not 23, and no cmdline.o <-> main.o pair.
        List<String> lld = Samples.lldErrors("x86-pie");
        CliRunner.Run lines = CliProcess.in(tree, "vmlinux.a", "--lld-lines", "--no-cache");
        assertEquals(1, lines.exitCode(), lines.err());
        assertEquals(lld, lines.out().lines().toList());

        CliRunner.Run report = CliProcess.in(tree, "check", "vmlinux.a", "--no-cache");
        assertTrue(report.out().lines().findFirst().orElseThrow().endsWith(TREE_OPTIONS), report.out());

        CliRunner.Run imports = CliProcess.in(tree, "imports", "--format", "lld", "vmlinux.a", "--no-cache");
        CliRunner.Run explicit = CliProcess.in(tree, "imports", "--format", "lld", "vmlinux.a", "--lib", "lib/lib.a",
                "-mllvm", "-import-instr-limit=5", "--no-cache");
        assertEquals(explicit.out(), imports.out());

        // The user's own option still wins, option by option.
        CliRunner.Run own = CliProcess.in(tree, "imports", "--format", "lld", "vmlinux.a", "-mllvm",
                "-import-instr-limit=100", "--no-cache");
        CliRunner.Run ownExplicit = CliProcess.in(tree, "imports", "--format", "lld", "vmlinux.a", "--lib", "lib/lib.a",
                "-mllvm", "-import-instr-limit=100", "--no-cache");
        assertEquals(ownExplicit.out(), own.out());
        assertTrue(!own.out().equals(imports.out()));
    }

    @Test
    void flagsDescribesOnlyTheInputsItIsGiven() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        CliRunner.Run run = CliProcess.in(tree, "flags", "vmlinux.a", "--no-cache");
        assertTrue(run.out().startsWith("27 bitcode modules, 1 native object, 0 unreadable;"), run.out());
    }

    @Test
    void aTreeFolderAsInputTakesItsLinkOptions() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.resolve("obj").toFile(), false);
        CliRunner.Run run = CliProcess.in(tree, "check", "obj", "--no-cache");
        assertTrue(run.out().lines().findFirst().orElseThrow().endsWith("modelling the command line, with the link"
                + " options of " + Path.of("obj", ".vmlinux.o.cmd") + " (-mllvm -import-instr-limit=5 -r)"), run.out());
    }

    @Test
    void inputsWithoutBitcodeAreAnErrorNotAPass() {
        Path elf = Samples.dir("x86-pie").resolve("arch/x86/kernel/head_64.o");
        CliRunner.Run run = CliRunner.run("check", "--no-cache", elf.toString());
        assertEquals(2, run.exitCode(), run.out());
        assertEquals("ltocheck: no LLVM bitcode among 1 object: was the tree built with CONFIG_LTO_CLANG?",
                run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void fixAfterApplyBeforeARebuildSaysTheObjectsAreStale() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        // Built an hour ago, then the fix is applied.
        FileTime anHourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, anHourAgo);
            }
        }
        assertEquals(0, CliProcess.in(tree, "fix", "--apply", "--no-cache").exitCode());

        CliRunner.Run fix = CliProcess.in(tree, "fix", "--no-cache");
        assertEquals(1, fix.exitCode(), fix.err());
        assertTrue(fix.err().contains("ltocheck: warning: arch/x86/kernel/head64.o may be stale: rebuild with make"
                + " (arch/x86/kernel/Makefile, which sets its flags, is newer than it)"), fix.err());
        assertTrue(fix.err().contains("still LLVM bitcode though the kbuild files take them out of LTO: rebuild with"
                + " make, then check again"), fix.err());

        CliRunner.Run check = CliProcess.in(tree, "--no-cache");
        assertEquals(1, check.exitCode());
        assertTrue(check.err().contains("ltocheck: warning: arch/x86/mm/pti.o may be stale: rebuild with make"), check.err());
    }

    @Test
    void anEditMakeHasSeenIsNotStale() throws Exception {
        // The report's injection as kbuild sees it: a Makefile line changes one object's command,
        // make rebuilds that one; the folder's other objects are older than the Makefile but kbuild
        // (which compares saved commands, not times) rightly left them alone.
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        try (var objects = Files.walk(tree.resolve("arch/x86/kernel"))) {
            for (Path o : objects.filter(p -> p.toString().endsWith(".o")).toList()) {
                Files.setLastModifiedTime(o, before);
            }
        }
        Files.setLastModifiedTime(tree.resolve("arch/x86/kernel/Makefile"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 30_000));
        CliRunner.Run unbuilt = CliProcess.in(tree, "--no-cache");
        assertTrue(unbuilt.err().contains("arch/x86/kernel/head64.o may be stale"), unbuilt.err());
        // make rebuilt an object of the folder that is no bitcode module (head_64.o, native): a build all the same.
        Files.setLastModifiedTime(tree.resolve("arch/x86/kernel/head_64.o"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        CliRunner.Run rebuilt = CliProcess.in(tree, "--no-cache");
        assertEquals(1, rebuilt.exitCode());
        assertEquals("", rebuilt.err());
    }

    @Test
    void aFreshTreeIsNotStale() throws Exception {
        // Copied as a build leaves a tree: every file written now (a git checkout may leave older objects).
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        CliRunner.Run check = CliProcess.in(tree, "--no-cache");
        assertEquals(1, check.exitCode());
        assertEquals("", check.err());
    }

    @Test
    void aSrctreeThatIsNoKernelTreeIsAnError(@TempDir Path empty) {
        String cmd = Samples.dir("x86-pie").resolve(".vmlinux.o.cmd").toString();
        CliRunner.Run missing = CliRunner.run("fix", "--no-cache", "--link-cmd", cmd, "--srctree", "/nonexistent");
        assertEquals(2, missing.exitCode());
        assertEquals("ltocheck: --srctree /nonexistent: no such folder", missing.err().strip());
        assertEquals("", missing.out());

        CliRunner.Run noKbuild = CliRunner.run("fix", "--no-cache", "--link-cmd", cmd, "--srctree", empty.toString());
        assertEquals(2, noKbuild.exitCode());
        assertEquals("ltocheck: --srctree " + empty + ": no Makefile or Kbuild there, so no kbuild file to change:"
                + " is it the kernel source tree?", noKbuild.err().strip());
    }

    @Test
    void aModuleFilterThatMatchesNothingIsAnError() {
        String cmd = Samples.dir("x86-pie").resolve(".vmlinux.o.cmd").toString();
        CliRunner.Run run = CliRunner.run("imports", "--no-cache", "--link-cmd", cmd, "--from", "nosuch.o");
        assertEquals(2, run.exitCode());
        assertEquals("ltocheck: --from nosuch.o: no ThinLTO module of the link has that name (lld name, path or"
                + " basename)", run.err().strip());
        CliRunner.Run into = CliRunner.run("imports", "--no-cache", "--link-cmd", cmd, "--into", "head64.o");
        assertEquals(0, into.exitCode(), into.err());
    }

    @Test
    void aCachedMemberRewrittenInPlaceWithItsStampKeptIsCheckedAgainBeforeLlvmReadsIt() throws Exception {
        Path work = tree.resolve("obj");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), work.toFile(), false);
        FileTime anHourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, anHourAgo);
            }
        }
        String cache = tree.resolve("cache").toString();
        assertEquals(1, CliProcess.in(work, "--cache-dir", cache).exitCode());
        // The same size, the same inode, the old time: the cache's stamp cannot tell. Asked to read
        // every member, LLVM reads namei.o (ltocheck's readers alone read it before), and gets the
        // bytes only after ltocheck's checks pass on these very bytes.
        Path namei = work.resolve("fs/namei.o");
        byte[] bytes = Files.readAllBytes(namei);
        java.util.Arrays.fill(bytes, bytes.length / 3, 2 * bytes.length / 3, (byte) 0xff);
        Files.write(namei, bytes);
        Files.setLastModifiedTime(namei, anHourAgo);
        CliRunner.Run run = CliProcess.in(work, "--cache-dir", cache, "--llvm-reads", "all");
        assertTrue(run.err().contains("namei.o") && run.err().contains("changed since it was read, and its bytes now"
                + " do not pass ltocheck's checks"), run.err());
        // The link fails either way (x86-pie's conflict): the failure's exit status wins over the unreadable member's.
        assertEquals(1, run.exitCode(), run.err());
    }
}
