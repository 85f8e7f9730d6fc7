package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The patch applies with git apply, the sample rebuilds with its own Makefiles, and ld.lld then links it. */
class FixCommandTest {
    @TempDir
    Path tree;

    private CliRunner.Run fix(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("fix", "--srctree", tree.toString(),
                "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private int run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(tree.toFile()).redirectErrorStream(true)
                .redirectOutput(tree.resolve("build.log").toFile());
        builder.environment().putAll(Tools.toolchain().environment(builder.environment()));
        Process p = builder.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        return p.exitValue();
    }

    private static Set<String> touchedFiles(String patch) {
        Set<String> files = new TreeSet<>();
        patch.lines().filter(l -> l.startsWith("+++ b/")).forEach(l -> files.add(l.substring(6)));
        return files;
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "x86-pie; arch/x86/kernel/Makefile arch/x86/lib/Makefile arch/x86/mm/Makefile",
            "riscv-medany; arch/riscv/mm/Makefile",
            "stack-align; drivers/gpu/drm/amd/display/dc/dml/Makefile lib/zstd/Makefile",
            // Full LTO: no import to blame, every module merged into ld-temp.o; the minority leaves LTO.
            "full-lto; arch/x86/kernel/Makefile arch/x86/lib/Makefile arch/x86/mm/Makefile"})
    void patchAppliesRebuildsAndLinks(String scenario, String makefiles) throws Exception {
        FileUtils.copyDirectory(Samples.dir(scenario).toFile(), tree.toFile(), false);
        CliRunner.Run fix = fix();
        assertEquals(0, fix.exitCode(), fix.err());
        assertTrue(fix.out().contains("# Verified: with the objects the patch takes out of LTO, "), fix.out());
        assertEquals(new TreeSet<>(List.of(makefiles.split(" "))), touchedFiles(fix.out()));

        Path patch = tree.resolve("lto.patch");
        Files.writeString(patch, fix.out());
        assertEquals(0, run("patch", "-p1", "--dry-run", "-i", "lto.patch"), Files.readString(tree.resolve("build.log")));
        assertEquals(0, run("git", "apply", "lto.patch"), Files.readString(tree.resolve("build.log")));
        assertEquals(0, run("make"), Files.readString(tree.resolve("build.log")));
        String link = Files.readString(tree.resolve(".vmlinux.o.cmd")).replaceFirst("^savedcmd_vmlinux.o := ", "").strip();
        List<String> words = new java.util.ArrayList<>(List.of(link.split(" +")));
        // The child's PATH is not searched for the program itself: name the bundled lld.
        words.set(0, Tools.toolchain().tool("ld.lld").toString());
        words.add("--error-limit=0");
        int code = run(words.toArray(String[]::new));
        assertEquals(0, code, Files.readString(tree.resolve("build.log")));
        assertEquals("", Files.readString(tree.resolve("build.log")).strip());
    }

    /** The lld error lines of the tree's own link line, as the kernel's build would print them. */
    private List<String> lldErrors() throws IOException, InterruptedException {
        String link = Files.readString(tree.resolve(".vmlinux.o.cmd")).replaceFirst("^savedcmd_vmlinux.o := ", "").strip();
        List<String> words = new java.util.ArrayList<>(List.of(link.split(" +")));
        words.set(0, Tools.toolchain().tool("ld.lld").toString());
        words.add("--error-limit=0");
        run(words.toArray(String[]::new));
        return Files.readString(tree.resolve("build.log")).lines().filter(l -> l.contains("error:")).toList();
    }

    /**
     * An object no kbuild file builds: the patch leaves it in LTO, so the verification keeps it
     * in, the run fails naming it, and the failing pairs it reports are the ones lld then prints
     * for the tree rebuilt with the patch.
     */
    @Test
    void anObjectThePatchCannotHandleStaysInTheVerificationAndFailsTheRun() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        Path makefile = tree.resolve("arch/x86/mm/Makefile");
        Path aside = tree.resolve("mm-Makefile.aside");
        Files.move(makefile, aside);
        CliRunner.Run fix = fix();
        Files.move(aside, makefile);

        assertEquals(1, fix.exitCode(), fix.err());
        for (String object : List.of("arch/x86/mm/mem_encrypt_identity.o", "arch/x86/mm/pti.o")) {
            assertTrue(fix.err().contains("ltocheck: fix: the patch does not take " + object + " out of LTO: no kbuild"
                    + " file in arch/x86/mm/ or above it builds it"), fix.err());
        }
        assertTrue(fix.out().lines().noneMatch(l -> l.contains("Verified")), fix.out());
        assertTrue(fix.out().contains("# Not verified: the patch leaves 2 objects of the plan in LTO"
                + " (arch/x86/mm/mem_encrypt_identity.o, arch/x86/mm/pti.o);\n"), fix.out());
        java.util.regex.Matcher remain = java.util.regex.Pattern
                .compile("#   with only the objects it takes out, (\\d+) failing import pairs? remain\\.").matcher(fix.out());
        assertTrue(remain.find(), fix.out());
        assertEquals(Set.of("arch/x86/kernel/Makefile", "arch/x86/lib/Makefile"), touchedFiles(fix.out()));

        Files.writeString(tree.resolve("lto.patch"), fix.out());
        assertEquals(0, run("git", "apply", "lto.patch"), Files.readString(tree.resolve("build.log")));
        assertEquals(0, run("make"), Files.readString(tree.resolve("build.log")));
        List<String> errors = lldErrors();
        assertTrue(!errors.isEmpty() && errors.stream().allMatch(l -> l.contains("'Code Model'")), errors::toString);
        assertEquals(Integer.parseInt(remain.group(1)), errors.size(), errors::toString);
    }

    /**
     * The line that set the option is the anchor (head64.o's second CFLAGS line, not its first),
     * and the new line goes after every CFLAGS_REMOVE_<stem>.o assignment, outside the ifdef
     * holding the last one (sev.o).
     */
    @Test
    void x86PieNamesTheCompileOptionAndTheMakefileLineOfEveryObject() throws IOException {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        String out = fix().out();
        for (String[] o : new String[][]{
                {"arch/x86/kernel/head64.o", "arch/x86/kernel/Makefile:23: CFLAGS_head64.o += $(PIE_CFLAGS)",
                        "add CFLAGS_REMOVE_head64.o += $(CC_FLAGS_LTO) to arch/x86/kernel/Makefile after line 23"},
                {"arch/x86/kernel/sev.o", "arch/x86/kernel/Makefile:24: CFLAGS_sev.o += $(PIE_CFLAGS)",
                        "add CFLAGS_REMOVE_sev.o += $(CC_FLAGS_LTO) to arch/x86/kernel/Makefile after line 29"},
                {"arch/x86/mm/mem_encrypt_identity.o", "arch/x86/mm/Makefile:8: CFLAGS_mem_encrypt_identity.o := $(PIE_CFLAGS)",
                        "add CFLAGS_REMOVE_mem_encrypt_identity.o += $(CC_FLAGS_LTO) to arch/x86/mm/Makefile after line 8"},
                {"arch/x86/mm/pti.o", "arch/x86/mm/Makefile:9: CFLAGS_pti.o := $(PIE_CFLAGS)",
                        "add CFLAGS_REMOVE_pti.o += $(CC_FLAGS_LTO) to arch/x86/mm/Makefile after line 9"},
                {"arch/x86/lib/cmdline.o", "arch/x86/lib/Makefile:12: CFLAGS_cmdline.o := $(PIE_CFLAGS)",
                        "add CFLAGS_REMOVE_cmdline.o += $(CC_FLAGS_LTO) to arch/x86/lib/Makefile after line 12"}}) {
            int at = out.indexOf("# " + o[0] + "  [");
            assertTrue(at >= 0, o[0]);
            String block = out.substring(at, out.indexOf("\n", out.indexOf("#   add", at)));
            assertTrue(block.contains("compiled with -mcmodel=small"), block);
            assertTrue(block.contains("#   set by " + o[1]), block);
            assertTrue(block.contains("#   " + o[2]), block);
        }
    }

    /** A name only make could evaluate: the object's own folder's file, said so, and the patch still verified. */
    @Test
    void anUnresolvableNameFallsBackToTheObjectsFolderAndThePlanSaysSo() throws IOException {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        Path makefile = tree.resolve("arch/x86/kernel/Makefile");
        Files.writeString(makefile, Files.readString(makefile).replace("obj-y += head$(BITS).o",
                "obj-y += head$(shell getconf LONG_BIT).o"));
        CliRunner.Run fix = fix();
        assertEquals(0, fix.exitCode(), fix.err());
        String out = fix.out();
        String block = out.substring(out.indexOf("# arch/x86/kernel/head64.o  ["), out.indexOf("# arch/x86/kernel/sev.o  ["));
        assertTrue(block.contains("#   no list of arch/x86/kernel/Makefile or a parent's names head64.o (not evaluated"
                + " without make: $(shell ...)); taken as its kbuild file\n"), block);
        assertTrue(block.contains("#   add CFLAGS_REMOVE_head64.o += $(CC_FLAGS_LTO) to arch/x86/kernel/Makefile after line 23"), block);
        assertTrue(out.contains("# Verified: with the objects the patch takes out of LTO"), out);
        assertTrue(!out.contains("no kbuild file lists"), out);
    }

    /**
     * The object's CFLAGS_REMOVE line exists, but only in a branch this configuration skips:
     * not fixed, so the line is added at the top level, and the patched file is what is verified.
     */
    @Test
    void aRemoveLineInASkippedBranchDoesNotCountAndTheTopLevelLineIsAdded() throws IOException {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        Path makefile = tree.resolve("arch/x86/mm/Makefile");
        Files.writeString(makefile, Files.readString(makefile)
                + "ifdef CONFIG_NOT_SET\nCFLAGS_REMOVE_pti.o += $(CC_FLAGS_LTO)\nendif\n");
        CliRunner.Run fix = fix();
        assertEquals(0, fix.exitCode(), fix.err());
        assertTrue(fix.out().contains("#   add CFLAGS_REMOVE_pti.o += $(CC_FLAGS_LTO) to arch/x86/mm/Makefile after line 14\n"),
                fix.out());
        assertTrue(fix.out().contains(" endif\n+CFLAGS_REMOVE_pti.o += $(CC_FLAGS_LTO)\n"), fix.out());
        assertTrue(fix.out().contains("# Verified: with the objects the patch takes out of LTO"), fix.out());
    }

    @Test
    void applyRefusesAFileChangedSinceItWasRead() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        Path makefile = tree.resolve("arch/x86/mm/Makefile");
        String before = Files.readString(makefile);
        // Change the file between reading and writing: simulate with a patch object read earlier.
        var plan = dev.ltocheck.kbuild.MakefilePatch.of(tree, List.of(new dev.ltocheck.kbuild.ObjectFix("m",
                Path.of("arch/x86/mm/pti.o"), List.of("Code Model"), List.of(),
                new dev.ltocheck.kbuild.KbuildTree.Owner(Path.of("arch/x86/mm/Makefile"), "pti"), 8, null, 8, false)));
        Files.writeString(makefile, before + "# edited meanwhile\n");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, plan::apply);
        assertTrue(e.getMessage().contains("changed since ltocheck read it"), e.getMessage());
        assertEquals(before + "# edited meanwhile\n", Files.readString(makefile));
    }

    @Test
    void applyOnAReadOnlyMakefileIsAClearErrorAndChangesNothing() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        Path makefile = tree.resolve("arch/x86/lib/Makefile");
        byte[] before = Files.readAllBytes(makefile);
        Files.setPosixFilePermissions(makefile.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(makefile, PosixFilePermissions.fromString("r--r--r--"));
        try {
            CliRunner.Run run = fix("--apply");
            assertEquals(2, run.exitCode());
            assertTrue(run.err().contains("not applied: arch/x86/lib/Makefile is not writable; nothing was written"), run.err());
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(makefile)));
            assertEquals(Files.readString(Samples.dir("x86-pie").resolve("arch/x86/kernel/Makefile"), StandardCharsets.UTF_8),
                    Files.readString(tree.resolve("arch/x86/kernel/Makefile"), StandardCharsets.UTF_8),
                    "no other file was edited either");
        } finally {
            Files.setPosixFilePermissions(makefile.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(makefile, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void applyEditsInPlaceAndASecondRunAddsNothing() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        assertEquals(0, fix("--apply").exitCode());
        assertTrue(Files.readString(tree.resolve("arch/x86/kernel/Makefile"))
                .contains("CFLAGS_head64.o += $(PIE_CFLAGS)\nCFLAGS_REMOVE_head64.o += $(CC_FLAGS_LTO)\n"));
        CliRunner.Run again = fix();
        assertTrue(again.out().contains("already has CFLAGS_REMOVE_head64.o += $(CC_FLAGS_LTO): nothing to add"), again.out());
        assertTrue(again.out().lines().noneMatch(l -> l.startsWith("+++ ")), again.out());
    }
}
