package dev.ltocheck.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkLineTest {
    /** Linux 6.12's saved command, as scripts/bench-kernel's defconfig build wrote it (objtool part shortened). */
    /** kbuild saves LD="/path/ltocheck ld" as two words: both are the program, the rest the link. */
    @Test
    void theLinkerWrapperIsTheProgram() {
        assertEquals(List.of("-m", "elf_x86_64", "-r", "-o", "vmlinux.o", "vmlinux.a"),
                LinkLine.splitCommand("/opt/ltocheck/scripts/ltocheck ld -m elf_x86_64 -r -o vmlinux.o vmlinux.a"));
        assertEquals("/opt/ltocheck/scripts/ltocheck ld",
                LinkLine.firstCommand("/opt/ltocheck/scripts/ltocheck ld -r vmlinux.a").get(0));
        assertTrue(LinkLine.isLinker("/opt/ltocheck/scripts/ltocheck ld"));
        assertTrue(LinkLine.isLinker("/opt/ltocheck/scripts/ltocheck-ld"));
        assertEquals(List.of("check", "ld"), LinkLine.splitCommand("/opt/ltocheck/scripts/ltocheck check ld"));
    }

    @Test
    void linuxSavedVmlinuxOCommandStopsBeforeObjtool() {
        String saved = "ld.lld -m elf_x86_64 -mllvm -import-instr-limit=5 -z noexecstack -r -o vmlinux.o  -T"
                + " .tmp_initcalls.lds --whole-archive vmlinux.a --no-whole-archive --start-group lib/lib.a"
                + " arch/x86/lib/lib.a --end-group  ; ./tools/objtool/objtool --hacks=jump_label --link vmlinux.o";
        LinkLine line = LinkLine.parse(LinkLine.splitCommand(saved), ".vmlinux.o.cmd");
        assertEquals(List.of("vmlinux.a"), line.eager());
        assertEquals(List.of("lib/lib.a", "arch/x86/lib/lib.a"), line.lazy());
        assertEquals(List.of("-import-instr-limit=5"), line.mllvm());
        assertTrue(line.relocatable());
    }
}
