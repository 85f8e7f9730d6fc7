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
        FileUtils.copyDirectory(Samples.dir(scenario).toFile(), tree.toFile());
        CliRunner.Run fix = fix();
        assertEquals(0, fix.exitCode(), fix.err());
        assertTrue(fix.out().contains("# Verified: with these objects outside LTO, "), fix.out());
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

    @Test
    void x86PieNamesTheCompileOptionAndTheMakefileLineOfEveryObject() throws IOException {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        String out = fix().out();
        for (String[] o : new String[][]{{"arch/x86/kernel/head64.o", "arch/x86/kernel/Makefile:10: CFLAGS_head64.o += $(PIE_CFLAGS)"},
                {"arch/x86/kernel/sev.o", "arch/x86/kernel/Makefile:11: CFLAGS_sev.o += $(PIE_CFLAGS)"},
                {"arch/x86/mm/mem_encrypt_identity.o", "arch/x86/mm/Makefile:7: CFLAGS_mem_encrypt_identity.o := $(PIE_CFLAGS)"},
                {"arch/x86/mm/pti.o", "arch/x86/mm/Makefile:8: CFLAGS_pti.o := $(PIE_CFLAGS)"},
                {"arch/x86/lib/cmdline.o", "arch/x86/lib/Makefile:12: CFLAGS_cmdline.o := $(PIE_CFLAGS)"}}) {
            int at = out.indexOf("# " + o[0] + "  [");
            assertTrue(at >= 0, o[0]);
            String block = out.substring(at, out.indexOf("#   add", at));
            assertTrue(block.contains("compiled with -mcmodel=small"), block);
            assertTrue(block.contains("#   set by " + o[1]), block);
        }
    }

    @Test
    void applyRefusesAFileChangedSinceItWasRead() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        Path makefile = tree.resolve("arch/x86/mm/Makefile");
        String before = Files.readString(makefile);
        // Change the file between reading and writing: simulate with a patch object read earlier.
        var plan = dev.ltocheck.kbuild.MakefilePatch.of(tree, List.of(new dev.ltocheck.kbuild.ObjectFix("m",
                Path.of("arch/x86/mm/pti.o"), List.of("Code Model"), List.of(),
                new dev.ltocheck.kbuild.KbuildTree.Owner(Path.of("arch/x86/mm/Makefile"), "pti"), 8, null, false)));
        Files.writeString(makefile, before + "# edited meanwhile\n");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, plan::apply);
        assertTrue(e.getMessage().contains("changed since ltocheck read it"), e.getMessage());
        assertEquals(before + "# edited meanwhile\n", Files.readString(makefile));
    }

    @Test
    void applyOnAReadOnlyMakefileIsAClearErrorAndChangesNothing() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        Path makefile = tree.resolve("arch/x86/lib/Makefile");
        byte[] before = Files.readAllBytes(makefile);
        Files.setPosixFilePermissions(makefile.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(makefile, PosixFilePermissions.fromString("r--r--r--"));
        try {
            CliRunner.Run run = fix("--apply");
            assertEquals(2, run.exitCode());
            assertTrue(run.err().contains("not applied: arch/x86/lib/Makefile is not writable; nothing was written"), run.err());
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(makefile)));
            assertTrue(Files.readString(tree.resolve("arch/x86/kernel/Makefile"), StandardCharsets.UTF_8)
                    .contains("CFLAGS_head64.o") && !Files.readString(tree.resolve("arch/x86/kernel/Makefile"))
                    .contains("CFLAGS_REMOVE_head64.o"), "no other file was edited either");
        } finally {
            Files.setPosixFilePermissions(makefile.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(makefile, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void applyEditsInPlaceAndASecondRunAddsNothing() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        assertEquals(0, fix("--apply").exitCode());
        assertTrue(Files.readString(tree.resolve("arch/x86/kernel/Makefile"))
                .contains("CFLAGS_head64.o += $(PIE_CFLAGS)\nCFLAGS_REMOVE_head64.o += $(CC_FLAGS_LTO)\n"));
        CliRunner.Run again = fix();
        assertTrue(again.out().contains("already has CFLAGS_REMOVE_head64.o += $(CC_FLAGS_LTO): nothing to add"), again.out());
        assertTrue(again.out().lines().noneMatch(l -> l.startsWith("+++ ")), again.out());
    }
}
