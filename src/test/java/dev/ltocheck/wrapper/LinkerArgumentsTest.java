package dev.ltocheck.wrapper;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The link as lld reads its arguments: what the wrapper checks, and how many lines lld prints. */
class LinkerArgumentsTest {
    private static LinkerArguments parse(String line) {
        return LinkerArguments.parse(List.of(line.split(" ")));
    }

    @Test
    void theKernelsLinkIsCheckedWithLldsDefaultLimit() {
        LinkerArguments link = parse("-m elf_x86_64 -mllvm -import-instr-limit=5 -z noexecstack -r -o vmlinux.o"
                + " -T .tmp_initcalls.lds --whole-archive vmlinux.a --no-whole-archive --start-group lib/lib.a --end-group");
        assertTrue(link.checked(LinkerArguments.CHECKED_OUTPUTS));
        assertEquals("vmlinux.o", link.output());
        assertEquals(20, link.errorLimit());
    }

    @Test
    void outputsAndLimitsInEveryFormLldTakes() {
        assertEquals("out/vmlinux.o", parse("-r -oout/vmlinux.o a.o").output());
        assertEquals("x/vmlinux.o", parse("-r --output=x/vmlinux.o a.o").output());
        assertEquals("vmlinux.o", parse("-r --output vmlinux.o a.o").output());
        assertEquals("a.out", parse("-r a.o").output());
        assertEquals(0, parse("-r -o vmlinux.o --error-limit=0 a.o").errorLimit());
        assertEquals(5, parse("-r -o vmlinux.o --error-limit 5 a.o").errorLimit());
        assertEquals(20, parse("-r -o vmlinux.o --error-limit=x a.o").errorLimit());
    }

    @Test
    void probesAndOtherOutputsAreNotChecked() {
        assertFalse(parse("--version").checked(LinkerArguments.CHECKED_OUTPUTS));
        assertFalse(parse("-m elf_x86_64 --no-warn-rwx-segments -v").checked(LinkerArguments.CHECKED_OUTPUTS));
        assertFalse(parse("-r -o vmlinux.o -v a.o").checked(LinkerArguments.CHECKED_OUTPUTS));
        assertFalse(parse("-r -o built-in.o a.o").checked(LinkerArguments.CHECKED_OUTPUTS));
        assertTrue(parse("-r -o built-in.o a.o").checked(LinkerArguments.checkedOutputs("vmlinux.o built-in.o")));
        assertEquals(Set.of("vmlinux.o"), LinkerArguments.checkedOutputs(" "));
    }

    /** A name given twice in LTOCHECK_LD_OUTPUTS counts once: no exception, so the wrapper still decides. */
    @Test
    void aRepeatedOutputNameCountsOnce() {
        assertEquals(Set.of("vmlinux.o", "built-in.o"), LinkerArguments.checkedOutputs("vmlinux.o built-in.o vmlinux.o"));
        assertTrue(parse("-r -o vmlinux.o a.o").checked(LinkerArguments.checkedOutputs(" vmlinux.o  vmlinux.o ")));
    }
}
