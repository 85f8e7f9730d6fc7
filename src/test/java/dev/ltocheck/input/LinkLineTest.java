package dev.ltocheck.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** The one reader of lld's arguments reads what the linker wrapper needs too: the output, the error limit, probes. */
    @Test
    void outputsErrorLimitsAndProbesAreReadAndNeverTakenForInputs() {
        LinkLine line = LinkLine.parse(List.of("-r", "--output", "vmlinux.o", "--error-limit", "5", "a.o", "-Map",
                "link map.txt", "b.a"), "test");
        assertEquals("vmlinux.o", line.output());
        assertEquals(5, line.errorLimit());
        assertEquals(List.of("a.o"), line.eager());
        assertEquals(List.of("b.a"), line.lazy());
        assertFalse(line.probe());
        LinkLine joined = LinkLine.parse(List.of("-r", "-oout/vmlinux.o", "--error-limit=0", "a.o"), "test");
        assertEquals("out/vmlinux.o", joined.output());
        assertEquals(0, joined.errorLimit());
        assertEquals(List.of("a.o"), joined.eager());
        LinkLine defaults = LinkLine.parse(List.of("-m", "elf_x86_64", "--no-warn-rwx-segments", "-v"), "test");
        assertEquals("a.out", defaults.output());
        assertEquals(20, defaults.errorLimit());
        assertTrue(defaults.probe());
        assertEquals(List.of(), defaults.eager());
    }
}
