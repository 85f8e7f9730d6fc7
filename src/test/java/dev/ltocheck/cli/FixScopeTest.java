package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fix --scope}: auto takes a Kconfig dependency where the flag follows a CONFIG_ choice
 * (riscv-medany), a folder's opt-out where the folder's own flags make every object differ
 * (x86-startup), and per object elsewhere (x86-pie); each patch applies, the sample rebuilds with
 * its own Makefiles, and ld.lld then links it.
 */
class FixScopeTest {
    @TempDir
    Path tree;

    private CliRunner.Run fix(String... extra) {
        List<String> args = new ArrayList<>(List.of("fix", "--srctree", tree.toString(),
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

    private String log() throws IOException {
        return Files.readString(tree.resolve("build.log"));
    }

    private static Set<String> touchedFiles(String patch) {
        Set<String> files = new TreeSet<>();
        patch.lines().filter(l -> l.startsWith("+++ b/")).forEach(l -> files.add(l.substring(6)));
        return files;
    }

    /** The patch applies (patch -p1 and git apply), make rebuilds, and the tree's own link line links. */
    private void appliesRebuildsAndLinks(String out, Runnable beforeMake) throws Exception {
        Files.writeString(tree.resolve("lto.patch"), out);
        assertEquals(0, run("patch", "-p1", "--dry-run", "-i", "lto.patch"), log());
        assertEquals(0, run("git", "apply", "lto.patch"), log());
        String link = Files.readString(tree.resolve(".vmlinux.o.cmd")).replaceFirst("^savedcmd_vmlinux.o := ", "").strip();
        beforeMake.run();
        assertEquals(0, run("make"), log());
        List<String> words = new ArrayList<>(List.of(link.split(" +")));
        words.set(0, Tools.toolchain().tool("ld.lld").toString());
        words.add("--error-limit=0");
        assertEquals(0, run(words.toArray(String[]::new)), log());
        assertEquals("", log().strip());
    }

    private static boolean isBitcode(Path object) throws IOException {
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(object), 2);
        return head[0] == 'B' && head[1] == 'C';
    }

    @Test
    void autoTakesTheStartupFolderOutWithOneLinePlacedAsTheKernelPlacesIt() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-startup").toFile(), tree.toFile(), false);
        CliRunner.Run fix = fix("--scope", "auto");
        assertEquals(0, fix.exitCode(), fix.err());
        String out = fix.out();
        assertTrue(out.startsWith("# ltocheck fix --scope auto: per kbuild folder (every bitcode object of the folder is"
                + " built with the folder's own differing flags"), out);
        assertTrue(out.contains("#   config: not applicable\n#     'Code Model': -mcmodel=kernel, which the other objects"
                + " have, is not added under a CONFIG_ option set here in arch/x86/Makefile\n"), out);
        assertTrue(out.contains("#   directory: chosen (verified)\n#     arch/x86/boot/startup/: every bitcode object (3) is"
                + " on the minority side, and head64.o, sme.o, sev.o get arch/x86/boot/startup/Makefile:6: KBUILD_CFLAGS +="
                + " -D__DISABLE_EXPORTS -mcmodel=small -fPIC ...\n"), out);
        assertTrue(out.contains("#   flag: not considered: only with --scope flag"), out);
        assertTrue(out.contains("#   object: also works, not chosen (verified)\n"), out);
        assertTrue(out.contains("#   add KBUILD_CFLAGS := $(filter-out $(CC_FLAGS_LTO),$(KBUILD_CFLAGS)) to"
                + " arch/x86/boot/startup/Makefile after line 7\n"), out);
        assertTrue(out.contains("# Verified: with the objects the patch takes out of LTO, no import crosses conflicting"
                + " module flags.\n"), out);
        // After the folder's own KBUILD_CFLAGS (continuation line included), before its object lists.
        assertTrue(out.contains(" \t\t\t   -fno-stack-protector\n+# disable LTO\n"
                + "+KBUILD_CFLAGS := $(filter-out $(CC_FLAGS_LTO),$(KBUILD_CFLAGS))\n \n obj-$(CONFIG_X86_64)"), out);
        assertEquals(Set.of("arch/x86/boot/startup/Makefile"), touchedFiles(out));

        appliesRebuildsAndLinks(out, () -> { });
        for (String o : List.of("head64.o", "sme.o", "sev.o")) {
            assertTrue(!isBitcode(tree.resolve("arch/x86/boot/startup").resolve(o)), o + " left LTO");
        }
        assertTrue(isBitcode(tree.resolve("mm/memory.o")), "the rest stays in LTO");

        // The folder opts out now: nothing to add, and (objects rebuilt) nothing fails.
        CliRunner.Run again = fix("--scope", "auto");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().startsWith("# ltocheck fix: no import crosses conflicting module flags"), again.out());
    }

    /** Full LTO (every module merged into ld-temp.o, no import to blame): the same folder line, and it links. */
    @Test
    void fullLtoTakesTheSameFolderOut() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-startup").toFile(), tree.toFile(), false);
        Path autoConf = tree.resolve("include/config/auto.conf");
        Files.writeString(autoConf, Files.readString(autoConf).replace("CONFIG_LTO_CLANG_THIN=y\n", "CONFIG_LTO_CLANG_FULL=y\n"));
        assertEquals(0, run("make", "clean"), log());
        assertEquals(0, run("make"), log());
        assertTrue(!Files.readString(tree.resolve("mm/.memory.o.cmd")).contains("-flto=thin"));
        // make clean removes the saved link line (kbuild writes it only after a successful link).
        Files.writeString(tree.resolve(".vmlinux.o.cmd"), Files.readString(Samples.dir("x86-startup").resolve(".vmlinux.o.cmd")));
        CliRunner.Run fix = fix("--scope", "auto");
        assertEquals(0, fix.exitCode(), fix.err());
        assertTrue(fix.out().startsWith("# ltocheck fix --scope auto: per kbuild folder"), fix.out());
        assertTrue(fix.out().contains("#     every module whose flags cannot merge with the largest flag class: 3 objects"
                + " out of LTO\n"), fix.out());
        assertEquals(Set.of("arch/x86/boot/startup/Makefile"), touchedFiles(fix.out()));
        appliesRebuildsAndLinks(fix.out(), () -> { });
    }

    /**
     * A folder that qualifies beside an object that gets its option from its own line: one patch,
     * the folder's line and the object's CFLAGS_REMOVE line; it applies, rebuilds and links.
     */
    @Test
    void aFolderAndAPerObjectLineInOnePatch() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-startup").toFile(), tree.toFile(), false);
        Path lib = tree.resolve("arch/x86/lib/Makefile");
        Files.writeString(lib, Files.readString(lib) + "CFLAGS_cmdline.o := $(PIE_CFLAGS)\n");
        assertEquals(0, run("make"), log());
        CliRunner.Run fix = fix("--scope", "directory");
        assertEquals(0, fix.exitCode(), fix.err());
        String out = fix.out();
        assertTrue(out.startsWith("# ltocheck fix --scope directory: per kbuild folder (asked for (--scope directory))\n"), out);
        assertTrue(out.contains("#   directory: chosen (verified)\n#     arch/x86/boot/startup/: every bitcode object (3)"), out);
        assertTrue(out.contains("#     arch/x86/lib/: every bitcode object is on the minority side, but they get"
                + " -mcmodel=small from their own lines (arch/x86/lib/Makefile:12)"), out);
        assertTrue(out.contains("#   add CFLAGS_REMOVE_cmdline.o += $(CC_FLAGS_LTO) to arch/x86/lib/Makefile (per object,"
                + " as said above)\n"), out);
        assertEquals(Set.of("arch/x86/boot/startup/Makefile", "arch/x86/lib/Makefile"), touchedFiles(out));
        appliesRebuildsAndLinks(out, () -> { });
    }

    /** An opt-out already in the folder's Makefile, objects built before it: nothing to add, rebuild, exit 1. */
    @Test
    void anExistingFolderOptOutIsFoundAndTheStaleBuildNamed() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-startup").toFile(), tree.toFile(), false);
        Path makefile = tree.resolve("arch/x86/boot/startup/Makefile");
        Files.writeString(makefile, Files.readString(makefile) + "KBUILD_CFLAGS\t:= $(filter-out $(CC_FLAGS_LTO), $(KBUILD_CFLAGS))\n");
        CliRunner.Run fix = fix("--scope", "directory");
        assertEquals(1, fix.exitCode(), fix.err());
        assertTrue(fix.out().contains("#   arch/x86/boot/startup/Makefile already takes its folder out of LTO: nothing to add,"
                + " but its objects were built before (still LLVM bitcode): rebuild with make\n"), fix.out());
        assertTrue(fix.out().lines().noneMatch(l -> l.startsWith("+++ ")), fix.out());
        assertTrue(fix.err().contains("ltocheck: arch/x86/boot/startup/head64.o, arch/x86/boot/startup/sme.o,"
                + " arch/x86/boot/startup/sev.o are still LLVM bitcode though the kbuild files take them out of LTO"), fix.err());
    }

    @Test
    void autoNamesTheKconfigChoiceAndPatchesKconfigAsUpstreamDid() throws Exception {
        FileUtils.copyDirectory(Samples.dir("riscv-medany").toFile(), tree.toFile(), false);
        CliRunner.Run fix = fix("--scope", "auto");
        assertEquals(0, fix.exitCode(), fix.err());
        String out = fix.out();
        assertTrue(out.startsWith("# ltocheck fix --scope auto: a Kconfig dependency"), out);
        assertTrue(out.contains("#   config: chosen (verified)\n#     'Code Model' follows a Kconfig choice:"
                + " arch/riscv/Makefile:4 adds -mcmodel=medlow under CONFIG_CMODEL_MEDLOW (set: 5 objects built so),"
                + " arch/riscv/Makefile:7 adds -mcmodel=medany under CONFIG_CMODEL_MEDANY, which init.o already has\n"), out);
        assertTrue(out.contains("#   directory: not applicable\n#     arch/riscv/mm/: 1 of its 2 bitcode objects is built"
                + " with the majority flags (pageattr.o)\n"), out);
        assertTrue(out.contains("#   object: also works, not chosen (verified)\n"), out);
        assertTrue(out.contains("arch/riscv/Kconfig:10: select ARCH_SUPPORTS_LTO_CLANG if LLD_VERSION >= 140000"
                + " && CMODEL_MEDANY\n"), out);
        assertTrue(out.contains("#   build with CONFIG_CMODEL_MEDANY=y instead of CONFIG_CMODEL_MEDLOW=y to keep LTO"), out);
        assertTrue(out.contains("# Verified: modelled with the 5 objects built with the chosen option rebuilt with the"
                + " other one, no import crosses conflicting module flags.\n"), out);
        assertTrue(out.contains("-\tselect ARCH_SUPPORTS_LTO_CLANG if LLD_VERSION >= 140000\n"
                + "+\tselect ARCH_SUPPORTS_LTO_CLANG if LLD_VERSION >= 140000 && CMODEL_MEDANY\n"), out);
        assertEquals(Set.of("arch/riscv/Kconfig"), touchedFiles(out));

        // With the dependency, LTO needs CMODEL_MEDANY: the configuration Kconfig now allows, rebuilt
        // from clean (kbuild rebuilds everything a configuration change touches; the sample's make does not).
        Path autoConf = tree.resolve("include/config/auto.conf");
        appliesRebuildsAndLinks(out, () -> {
            try {
                assertEquals(0, run("make", "clean"), log());
                Files.writeString(autoConf, Files.readString(autoConf)
                        .replace("CONFIG_CMODEL_MEDLOW=y\n", "CONFIG_CMODEL_MEDANY=y\n"));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(isBitcode(tree.resolve("arch/riscv/mm/init.o")), "every object stays in LTO");
        assertTrue(Files.readString(tree.resolve("mm/.memblock.o.cmd")).contains("-mcmodel=medany"));
    }

    /**
     * As the real riscv report: medany from init.o's own line and from arch/riscv/errata's
     * KBUILD_CFLAGS, handed down to its vendor folder. auto still takes the Kconfig line; the
     * folder scope puts its line in arch/riscv/errata/Makefile (where the flags are set) beside
     * init.o's own line, and that patch applies, rebuilds and links.
     */
    @Test
    void riscvErrataTakesKconfigAndItsFolderLineSitsWhereTheFlagsAreSet() throws Exception {
        FileUtils.copyDirectory(Samples.dir("riscv-errata").toFile(), tree.toFile(), false);
        CliRunner.Run auto = fix("--scope", "auto");
        assertEquals(0, auto.exitCode(), auto.err());
        assertTrue(auto.out().startsWith("# ltocheck fix --scope auto: a Kconfig dependency"), auto.out());
        assertTrue(auto.out().contains("under CONFIG_CMODEL_MEDANY, which init.o, errata.o already have\n"), auto.out());
        assertTrue(auto.out().contains("#   directory: also works, not chosen (verified)\n#     arch/riscv/errata/: every"
                + " bitcode object (1) is on the minority side, and errata.o gets arch/riscv/errata/Makefile:6:"
                + " KBUILD_CFLAGS += -fno-pie -mcmodel=medany\n"), auto.out());

        CliRunner.Run fix = fix("--scope", "directory");
        assertEquals(0, fix.exitCode(), fix.err());
        String out = fix.out();
        assertTrue(out.contains("#   add KBUILD_CFLAGS := $(filter-out $(CC_FLAGS_LTO),$(KBUILD_CFLAGS)) to"
                + " arch/riscv/errata/Makefile after line 7\n"
                + "#   add CFLAGS_REMOVE_init.o += $(CC_FLAGS_LTO) to arch/riscv/mm/Makefile (per object, as said above)\n"), out);
        assertEquals(Set.of("arch/riscv/errata/Makefile", "arch/riscv/mm/Makefile"), touchedFiles(out));
        // kbuild rebuilds an object whose command line changed; the samples' make only tracks the
        // object's own kbuild file, not its parent's: rebuilt from clean.
        appliesRebuildsAndLinks(out, () -> {
            try {
                assertEquals(0, run("make", "clean"), log());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(!isBitcode(tree.resolve("arch/riscv/errata/sifive/errata.o")));
        assertTrue(!isBitcode(tree.resolve("arch/riscv/mm/init.o")));
        assertTrue(isBitcode(tree.resolve("arch/riscv/mm/pageattr.o")));
    }

    /** x86-pie's objects get their PIE flags from their own lines: per object, as before, and said why. */
    @Test
    void autoKeepsThePerObjectPatchForX86Pie() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        CliRunner.Run auto = fix("--scope", "auto");
        CliRunner.Run plain = fix();
        assertEquals(0, auto.exitCode(), auto.err());
        String out = auto.out();
        assertTrue(out.startsWith("# ltocheck fix --scope auto: per object (neither a Kconfig choice nor a whole folder"
                + " explains the difference: the per-object minimum)\n"), out);
        assertTrue(out.contains("#     arch/x86/kernel/: every bitcode object is on the minority side, but they get"
                + " -mcmodel=small from their own lines (arch/x86/kernel/Makefile:23, arch/x86/kernel/Makefile:24), not from"
                + " the folder's flags: a folder opt-out would also take out of LTO whatever is added there later\n"), out);
        assertTrue(out.contains("#   object: chosen (verified)\n"), out);
        // Then exactly the per-object output of plain fix.
        assertTrue(out.endsWith(plain.out()), out);
        assertEquals(Set.of("arch/x86/kernel/Makefile", "arch/x86/lib/Makefile", "arch/x86/mm/Makefile"), touchedFiles(out));
        appliesRebuildsAndLinks(out, () -> { });
    }

    /** --scope flag deletes the lines that set the option, says what to check, and the rebuilt tree links. */
    @Test
    void flagScopeRemovesTheOptionAtItsSourceAndLinks() throws Exception {
        FileUtils.copyDirectory(Samples.dir("riscv-medany").toFile(), tree.toFile(), false);
        CliRunner.Run fix = fix("--scope", "flag");
        assertEquals(0, fix.exitCode(), fix.err());
        String out = fix.out();
        assertTrue(out.contains("#   delete arch/riscv/mm/Makefile:7: CFLAGS_init.o += -mcmodel=medany (its own line;"
                + " arch/riscv/mm/init.o); check first: does arch/riscv/mm/init.c run before the kernel is relocated, or"
                + " at an address other than the one it is linked at? If so it needs the option (without it the code is"
                + " position-dependent): keep it and choose another scope; the Makefile says: init.c sets up"), out);
        assertTrue(out.contains("; the Makefile says: init.c sets up the kernel mapping while running at its load address"), out);
        assertTrue(out.contains("-CFLAGS_init.o += -mcmodel=medany\n"), out);
        assertEquals(Set.of("arch/riscv/mm/Makefile"), touchedFiles(out));
        appliesRebuildsAndLinks(out, () -> { });
        assertTrue(isBitcode(tree.resolve("arch/riscv/mm/init.o")));
    }

    /** The option in a folder's multi-line KBUILD_CFLAGS: dropped from the line that has it, once for all objects. */
    @Test
    void flagScopeDropsTheOptionFromTheFoldersFlagsAndLinks() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-startup").toFile(), tree.toFile(), false);
        CliRunner.Run fix = fix("--scope", "flag");
        assertEquals(0, fix.exitCode(), fix.err());
        String out = fix.out();
        assertTrue(out.contains("#   drop -mcmodel=small from arch/x86/boot/startup/Makefile:6: KBUILD_CFLAGS +="
                + " -D__DISABLE_EXPORTS -mcmodel=small -fPIC \\ (the folder's flags, for every object of"
                + " arch/x86/boot/startup/; arch/x86/boot/startup/head64.o, arch/x86/boot/startup/sme.o,"
                + " arch/x86/boot/startup/sev.o); check first: do arch/x86/boot/startup/head64.c,"), out);
        assertTrue(out.contains("; the Makefile says: As Linux's arch/x86/boot/startup/Makefile"), out);
        assertTrue(out.contains("-KBUILD_CFLAGS\t\t+= -D__DISABLE_EXPORTS -mcmodel=small -fPIC \\\n"
                + "+KBUILD_CFLAGS\t\t+= -D__DISABLE_EXPORTS -fPIC \\\n"), out);
        assertEquals(1, out.lines().filter(l -> l.startsWith("#   drop ")).count(), out);
        appliesRebuildsAndLinks(out, () -> { });
        assertTrue(isBitcode(tree.resolve("arch/x86/boot/startup/head64.o")));
    }

    /** --apply writes the chosen scope's patch in place; a second run has nothing to add. */
    @Test
    void applyWritesTheChosenScope() throws Exception {
        FileUtils.copyDirectory(Samples.dir("riscv-medany").toFile(), tree.toFile(), false);
        CliRunner.Run apply = fix("--scope", "auto", "--apply");
        assertEquals(0, apply.exitCode(), apply.err());
        assertTrue(apply.err().contains("ltocheck: edited arch/riscv/Kconfig"), apply.err());
        assertTrue(Files.readString(tree.resolve("arch/riscv/Kconfig")).contains(
                "\n\tselect ARCH_SUPPORTS_LTO_CLANG if LLD_VERSION >= 140000 && CMODEL_MEDANY\n"));
        CliRunner.Run again = fix("--scope", "config");
        assertEquals(1, again.exitCode(), again.err());
        assertTrue(again.err().contains("ltocheck: arch/riscv/Kconfig allows LTO only with CMODEL_MEDANY, but this build"
                + " was configured otherwise: reconfigure (make olddefconfig) and rebuild, then check again"), again.err());
        assertTrue(again.out().contains("#   arch/riscv/Kconfig:10 already allows LTO only with CMODEL_MEDANY: this"
                + " configuration was not made by Kconfig from it\n"), again.out());
        assertTrue(again.out().lines().noneMatch(l -> l.startsWith("+++ ")), again.out());
    }

    /** A scope that does not fit falls back to per object, and says why. */
    @Test
    void anUnfitScopeFallsBackToPerObject() {
        try {
            FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRunner.Run fix = fix("--scope", "config");
        assertEquals(0, fix.exitCode(), fix.err());
        assertTrue(fix.out().startsWith("# ltocheck fix --scope config: per object (--scope config does not fit this link:"
                + " per object instead)\n"), fix.out());
        assertTrue(fix.out().contains("# ltocheck fix: take 5 objects out of LTO"), fix.out());
    }
}
