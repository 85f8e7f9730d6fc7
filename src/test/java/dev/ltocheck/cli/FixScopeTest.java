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
        assertTrue(out.startsWith("# ltocheck fix --scope auto: per kbuild folder, verified (every bitcode object of the"
                + " folder is built with the folder's own differing flags"), out);
        assertTrue(out.contains("#   config: not chosen: does not fit this link\n#     'Code Model': -mcmodel=kernel, which"
                + " the other objects have, is not added under a CONFIG_ option set here in arch/x86/Makefile\n"), out);
        assertTrue(out.contains("# Why this scope:\n#   arch/x86/boot/startup/: every bitcode object (3) is on the minority"
                + " side, and head64.o, sme.o, sev.o get arch/x86/boot/startup/Makefile:6: KBUILD_CFLAGS +="
                + " -D__DISABLE_EXPORTS -mcmodel=small -fPIC ...\n"), out);
        assertTrue(out.contains("#   flag: not considered: only with --scope flag"), out);
        assertTrue(out.contains("#   object: also works (verified), not chosen: --scope auto prefers directory\n"), out);
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
        assertTrue(fix.out().startsWith("# ltocheck fix --scope auto: per kbuild folder, verified"), fix.out());
        assertTrue(fix.out().contains("#     every module whose flags cannot merge with the largest flag class: 3 objects"
                + " out of LTO\n"), fix.out());
        assertTrue(fix.out().contains("#   'Code Model': small (i32 1) in 3 modules (head64.o, sme.o, sev.o) vs kernel (i32 2)"
                + " in 25 modules: 1 full-LTO merge into ld-temp.o failing\n"), fix.out());
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
        assertTrue(out.startsWith("# ltocheck fix --scope directory: per kbuild folder, verified (asked for (--scope"
                + " directory))\n"), out);
        assertTrue(out.contains("# Why this scope:\n#   arch/x86/boot/startup/: every bitcode object (3) is on the minority"
                + " side, and head64.o, sme.o, sev.o get arch/x86/boot/startup/Makefile:6: KBUILD_CFLAGS +="
                + " -D__DISABLE_EXPORTS -mcmodel=small -fPIC ...\n"), out);
        assertTrue(out.contains("#   arch/x86/lib/: every bitcode object is on the minority side, but they get"
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
        assertTrue(out.startsWith("# ltocheck fix --scope auto: a Kconfig dependency, verified"), out);
        assertTrue(out.contains("# Why this scope:\n#   'Code Model' follows a Kconfig choice:"
                + " arch/riscv/Makefile:4 adds -mcmodel=medlow under CONFIG_CMODEL_MEDLOW (set: 5 objects built so),"
                + " arch/riscv/Makefile:7 adds -mcmodel=medany under CONFIG_CMODEL_MEDANY, which init.o already has\n"), out);
        assertTrue(out.contains("#   directory: not chosen: does not fit this link\n#     arch/riscv/mm/: 1 of its 2 bitcode"
                + " objects is built with the majority flags (pageattr.o)\n"), out);
        assertTrue(out.contains("#   object: also works (verified), not chosen: --scope auto prefers config\n"), out);
        assertTrue(out.contains("arch/riscv/Kconfig:10: select ARCH_SUPPORTS_LTO_CLANG if LLD_VERSION >= 140000"
                + " && CMODEL_MEDANY\n"), out);
        assertTrue(out.contains("#   build with CONFIG_CMODEL_MEDANY=y instead of CONFIG_CMODEL_MEDLOW=y to keep LTO"), out);
        assertTrue(out.contains("# Verified, for each choice the Kconfig line leaves:\n"), out);
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
        assertTrue(auto.out().contains("#   directory: also works (verified), not chosen: --scope auto prefers config\n"
                + "#     arch/riscv/errata/: every"
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
        assertTrue(out.startsWith("# ltocheck fix --scope auto: per object, verified (neither a Kconfig choice nor a whole"
                + " folder explains the difference: the per-object minimum)\n"), out);
        assertTrue(out.contains("#     arch/x86/kernel/: every bitcode object is on the minority side, but they get"
                + " -mcmodel=small from their own lines (arch/x86/kernel/Makefile:23, arch/x86/kernel/Makefile:24), not from"
                + " the folder's flags: a folder opt-out would also take out of LTO whatever is added there later\n"), out);
        // Then the per-object output of plain fix, the other scopes said before its diff.
        String plainNotes = plain.out().substring(0, plain.out().indexOf("\n---") + 1);
        String plainDiff = plain.out().substring(plain.out().indexOf("\n---") + 1);
        assertTrue(out.contains(plainNotes.substring(0, plainNotes.length() - 2)), out);
        assertTrue(out.endsWith("#\n" + plainDiff), out);
        assertTrue(out.indexOf("# Other scopes") > out.indexOf("# Verified: with the objects the patch takes out"), out);
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
        assertTrue(fix.out().startsWith("# ltocheck fix --scope config: per object, verified (--scope config does not fit"
                + " this link: per object instead)\n"), fix.out());
        assertTrue(fix.out().contains("# ltocheck fix: take 5 objects out of LTO"), fix.out());
    }

    private void copy(String sample) {
        try {
            FileUtils.copyDirectory(Samples.dir(sample).toFile(), tree.toFile(), false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Line 1 the verdict, then what fails (flag, values, sides), why this scope, the change, its checks, the rest, the diff. */
    @Test
    void theScopeReportAnswersFirst() {
        copy("riscv-medany");
        CliRunner.Run fix = fix("--scope", "auto");
        List<String> out = fix.out().lines().toList();
        assertEquals("# ltocheck fix --scope auto: a Kconfig dependency, verified (the difference follows a Kconfig choice:"
                + " one Kconfig dependency, as upstream fixed such cases)", out.get(0));
        assertEquals(List.of("#", "# What fails:", "#   'Code Model': medany (i32 3) in 1 module (init.o) vs medlow (i32 1) in"
                + " 5 modules: 4 failing import pairs", "#", "# Why this scope:"), out.subList(1, 6));
        int change = out.indexOf("# The fix (a Kconfig dependency):");
        int verdict = out.indexOf("# Verified, for each choice the Kconfig line leaves:");
        int others = out.indexOf("# Other scopes, in the order --scope auto prefers them:");
        int diff = out.indexOf("--- a/arch/riscv/Kconfig");
        assertTrue(5 < change && change < verdict && verdict < others && others < diff, fix.out());
        assertTrue(out.subList(0, diff).stream().allMatch(l -> l.startsWith("#")), fix.out());
    }

    /**
     * The Kconfig fix is verified as what it does: with the current choice LTO cannot be configured
     * (the line's new condition is false here, it is the only line selecting the symbol, and the
     * kernel's arch/Kconfig ties ThinLTO to it), with the other choice the link is modelled.
     */
    @Test
    void configVerificationSaysWhatThePatchDoesForEachChoice() throws IOException {
        copy("riscv-medany");
        Files.writeString(tree.resolve("arch/Kconfig"), """
                # An excerpt of Linux 6.12's arch/Kconfig.
                config HAS_LTO_CLANG
                	def_bool y
                	depends on CC_IS_CLANG && LD_IS_LLD && AS_IS_LLVM
                	depends on $(success,$(NM) --help | head -n 1 | grep -qi llvm)
                	depends on ARCH_SUPPORTS_LTO_CLANG
                	depends on !FTRACE_MCOUNT_USE_RECORDMCOUNT

                config LTO_CLANG_THIN
                	bool "Clang ThinLTO (EXPERIMENTAL)"
                	depends on HAS_LTO_CLANG && ARCH_SUPPORTS_LTO_CLANG_THIN
                	select LTO_CLANG
                """);
        CliRunner.Run fix = fix("--scope", "config");
        assertEquals(0, fix.exitCode(), fix.err());
        List<String> out = fix.out().lines().toList();
        int verdict = out.indexOf("# Verified, for each choice the Kconfig line leaves:");
        assertEquals(List.of(
                "#   with this Kconfig line, CMODEL_MEDLOW builds without LTO (no ThinLTO link, nothing to merge): checked"
                        + " that arch/riscv/Kconfig:10 is the only line there selecting ARCH_SUPPORTS_LTO_CLANG and that its"
                        + " new condition is false in this configuration (CONFIG_CMODEL_MEDANY not set in"
                        + " include/config/auto.conf)",
                "#   checked: arch/Kconfig:11: LTO_CLANG_THIN depends on HAS_LTO_CLANG, arch/Kconfig:6: HAS_LTO_CLANG"
                        + " depends on ARCH_SUPPORTS_LTO_CLANG",
                "#   with CMODEL_MEDANY, the link passes: checked by the same thin link (the imports do not depend on the"
                        + " code-generation options) and LLVM's flag merge, the 5 objects built with -mcmodel=medlow given"
                        + " the flags of those built with -mcmodel=medany (not built, not linked by ld.lld)"),
                out.subList(verdict + 1, verdict + 4));
        // Without the kernel's arch/Kconfig, that link is an assumption, and said so.
        Files.delete(tree.resolve("arch/Kconfig"));
        CliRunner.Run bare = fix("--scope", "config");
        assertTrue(bare.out().contains("\n#   assumed, not checked: ThinLTO needs ARCH_SUPPORTS_LTO_CLANG (through"
                + " HAS_LTO_CLANG, as in Linux): arch/Kconfig is not in the tree\n"), bare.out());
    }

    /**
     * An explicit --scope whose fix fits but is not verified: a second line selecting
     * ARCH_SUPPORTS_LTO_CLANG would still allow LTO with CMODEL_MEDLOW. Per object instead, the
     * reason on line 1 and the unchecked part under the config scope; the patch is the per-object one.
     */
    @Test
    void anAskedScopeThatFitsButIsNotVerifiedFallsBackToPerObjectWithTheReason() throws IOException {
        copy("riscv-medany");
        Path kconfig = tree.resolve("arch/riscv/Kconfig");
        Files.writeString(kconfig, Files.readString(kconfig).replace("\tselect ARCH_SUPPORTS_LTO_CLANG_THIN",
                "\tselect ARCH_SUPPORTS_LTO_CLANG if EXPERT\n\tselect ARCH_SUPPORTS_LTO_CLANG_THIN"));
        CliRunner.Run fix = fix("--scope", "config");
        assertEquals(0, fix.exitCode(), fix.err());
        String out = fix.out();
        assertTrue(out.startsWith("# ltocheck fix --scope config: per object, verified (--scope config fits this link but"
                + " its fix was not verified (see below): per object instead)\n"), out);
        assertTrue(out.contains("#   config: not chosen: not verified (the patch does not do all of it)\n"), out);
        assertTrue(out.contains("#     not checked: arch/riscv/Kconfig has 2 lines selecting ARCH_SUPPORTS_LTO_CLANG; the"
                + " patch changes the first, so CMODEL_MEDLOW may still build with LTO\n"), out);
        assertEquals(Set.of("arch/riscv/mm/Makefile"), touchedFiles(out));
    }

    /** The flag scope's value without the option comes from the object's own .cmd file, or is said to be assumed. */
    @Test
    void flagScopeSaysWhereTheValueWithoutTheOptionComesFrom() throws IOException {
        copy("riscv-medany");
        CliRunner.Run fix = fix("--scope", "flag");
        List<String> out = fix.out().lines().toList();
        int verdict = out.indexOf("# Verified: modelled with the objects rebuilt without the options, no import crosses"
                + " conflicting module flags.");
        assertTrue(verdict > 0, fix.out());
        assertEquals("#   value from the .cmd files: arch/riscv/mm/init.o: 'Code Model' from -mcmodel=medlow, which its"
                + " command keeps without -mcmodel=medany, as the other objects' commands give it", out.get(verdict + 2));
        // Its command with nothing else that sets the code model: the compiler's default, an assumption said at the verdict.
        Path cmd = tree.resolve("arch/riscv/mm/.init.o.cmd");
        Files.writeString(cmd, Files.readString(cmd).replace("-mcmodel=medlow ", ""));
        CliRunner.Run assumed = fix("--scope", "flag");
        List<String> lines = assumed.out().lines().toList();
        int at = lines.indexOf("# Verified: modelled with the objects rebuilt without the options, no import crosses"
                + " conflicting module flags.");
        assertEquals("#   assumption: arch/riscv/mm/init.o: without -mcmodel=medany no option of its command sets"
                + " 'Code Model': modelled with the other objects' value (medlow (i32 1)), assumed to be the compiler's"
                + " default for the target, not checked", lines.get(at + 2), assumed.out());
    }
}
