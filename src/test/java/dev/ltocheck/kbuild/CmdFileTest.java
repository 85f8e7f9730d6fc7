package dev.ltocheck.kbuild;

import dev.ltocheck.input.RegularFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CmdFileTest {
    /** Linux 6.12's .vmlinux.o.cmd, as scripts/bench-kernel's defconfig build wrote it (objtool part shortened). */
    private static final String VMLINUX_O_CMD = "savedcmd_vmlinux.o := ld.lld -m elf_x86_64 -mllvm"
            + " -import-instr-limit=5 -z noexecstack -r -o vmlinux.o  -T .tmp_initcalls.lds --whole-archive vmlinux.a"
            + " --no-whole-archive --start-group lib/lib.a arch/x86/lib/lib.a --end-group  ;"
            + " ./tools/objtool/objtool --hacks=jump_label --link vmlinux.o\n";

    /** An object's .cmd file as kbuild writes it: the command, then its source and dependencies. */
    private static final String OBJECT_CMD = """
            savedcmd_lib/zstd/zstd_common.o := clang -O2 -mcmodel=kernel -DKBUILD_MODNAME='"zstd_common"' -c -o lib/zstd/zstd_common.o lib/zstd/common/zstd_common.c

            source_lib/zstd/zstd_common.o := lib/zstd/common/zstd_common.c

            deps_lib/zstd/zstd_common.o := \\
              include/linux/compiler-version.h \\
                $(wildcard include/config/CC_VERSION_TEXT) \\

            lib/zstd/zstd_common.o: $(deps_lib/zstd/zstd_common.o)

            $(deps_lib/zstd/zstd_common.o):
            """;

    @TempDir
    Path dir;

    @Test
    void savedcmdLineGivesTheCommandAndIgnoresSourceAndDeps() throws IOException {
        Path cmd = dir.resolve(".zstd_common.o.cmd");
        Files.writeString(cmd, OBJECT_CMD);
        assertEquals(Optional.of("clang -O2 -mcmodel=kernel -DKBUILD_MODNAME='\"zstd_common\"' -c -o lib/zstd/zstd_common.o"
                + " lib/zstd/common/zstd_common.c"), CmdFile.savedCommand(cmd));
        assertEquals(Optional.of(List.of("-O2", "-mcmodel=kernel", "-DKBUILD_MODNAME=\"zstd_common\"", "-c", "-o",
                "lib/zstd/zstd_common.o", "lib/zstd/common/zstd_common.c")), CmdFile.savedWords(cmd));
        assertEquals(cmd, CmdFile.of(dir.resolve("zstd_common.o")));
    }

    @Test
    void olderKbuildsCmdLineIsReadToo() throws IOException {
        // kbuild before Linux 6.2 saved "cmd_<target> := ..."
        Path cmd = dir.resolve(".fpu.o.cmd");
        Files.writeString(cmd, "cmd_arch/x86/kernel/fpu.o := clang -mcmodel=kernel -c -o arch/x86/kernel/fpu.o"
                + " arch/x86/kernel/fpu.c\n\nsource_arch/x86/kernel/fpu.o := arch/x86/kernel/fpu.c\n");
        assertEquals(Optional.of(List.of("-mcmodel=kernel", "-c", "-o", "arch/x86/kernel/fpu.o", "arch/x86/kernel/fpu.c")),
                CmdFile.savedWords(cmd));
    }

    @Test
    void theObjtoolContinuationIsCutFromTheVmlinuxLink() throws IOException {
        Path cmd = dir.resolve(".vmlinux.o.cmd");
        Files.writeString(cmd, VMLINUX_O_CMD);
        assertTrue(CmdFile.savedCommand(cmd).orElseThrow().endsWith("--link vmlinux.o"), "the text is kept whole");
        assertEquals(Optional.of(List.of("-m", "elf_x86_64", "-mllvm", "-import-instr-limit=5", "-z", "noexecstack", "-r",
                "-o", "vmlinux.o", "-T", ".tmp_initcalls.lds", "--whole-archive", "vmlinux.a", "--no-whole-archive",
                "--start-group", "lib/lib.a", "arch/x86/lib/lib.a", "--end-group")), CmdFile.savedWords(cmd));
        assertEquals(CmdFile.savedWords(cmd), CmdFile.linkerCommand(VMLINUX_O_CMD));
        assertEquals(Optional.of("ld.lld"), CmdFile.linkerProgram(cmd));
        assertTrue(CmdFile.isSaved(VMLINUX_O_CMD));
    }

    @Test
    void aMissingFileSavesNothing() throws IOException {
        assertEquals(Optional.empty(), CmdFile.savedCommand(dir.resolve(".absent.o.cmd")));
        assertEquals(Optional.empty(), CmdFile.savedWords(dir.resolve(".absent.o.cmd")));
        assertEquals(Optional.empty(), CmdFile.linkerProgram(dir.resolve(".absent.o.cmd")));
    }

    @Test
    void aFileWithNoCommandSavesNothing() throws IOException {
        Path cmd = dir.resolve(".empty.o.cmd");
        Files.writeString(cmd, "source_empty.o := empty.c\n\ndeps_empty.o := \\\n  include/linux/kconfig.h \\\n"
                + "savedcmd_without_assignment\n");
        assertEquals(Optional.empty(), CmdFile.savedCommand(cmd));
        assertFalse(CmdFile.isSaved(Files.readString(cmd)));
        Files.writeString(cmd, "");
        assertEquals(Optional.empty(), CmdFile.savedWords(cmd));
        assertEquals(Optional.empty(), CmdFile.linkerProgram(cmd));
    }

    @Test
    @Timeout(10)
    void aFifoIsOneLineAndNeverOpened() throws Exception {
        Path fifo = dir.resolve(".vmlinux.o.cmd");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        IOException e = assertThrows(RegularFile.NotRegularFileException.class, () -> CmdFile.savedCommand(fifo));
        assertEquals(fifo + ": a FIFO, not a regular file", e.getMessage());
        assertEquals(Optional.empty(), CmdFile.linkerProgram(fifo));
    }

    @Test
    void aBuildLogGivesItsLastLinkerLine() {
        String log = """
                make -f ./scripts/Makefile.build obj=init
                  ld.lld -m elf_x86_64 -r -o init/built-in.a init/main.o
                # LD      vmlinux.o
                  /opt/llvm-19/bin/ld.lld-19 -m elf_x86_64 -mllvm -import-instr-limit=5 -r -o vmlinux.o vmlinux.a ; true
                  clang -c -o x.o x.c
                """;
        assertEquals(Optional.of(List.of("-m", "elf_x86_64", "-mllvm", "-import-instr-limit=5", "-r", "-o", "vmlinux.o",
                "vmlinux.a")), CmdFile.linkerCommand(log));
        assertEquals(Optional.of("/opt/llvm-19/bin/ld.lld-19"), CmdFile.linkerProgram(log));
        assertFalse(CmdFile.isSaved(log));
        assertEquals(Optional.empty(), CmdFile.linkerCommand("clang -c -o x.o x.c\n"));
        // a saved compile command runs no linker
        assertEquals(Optional.empty(), CmdFile.linkerCommand(OBJECT_CMD));
    }

    /**
     * kbuild's {@code .<target>.cmd} name is made in one place, {@link CmdFile#of}: no other source
     * spells the {@code ".cmd"} suffix out (a second spelling would drift, e.g. for a member path).
     */
    @Test
    void onlyCmdFileNamesTheCmdFileOfATarget() throws IOException {
        Path main = Path.of("src/main/java/dev/ltocheck");
        List<String> spelled;
        try (var files = Files.walk(main)) {
            spelled = files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("kbuild/CmdFile.java"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("\".cmd\"");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).map(p -> main.relativize(p).toString()).sorted().toList();
        }
        assertEquals(List.of(), spelled);
    }
}
