package dev.ltocheck.kbuild;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CompilerMadeNamesTest {
    /** The real riscv case listed .str, .str.1 ... .str.78 of cpufeature.c as "variables to move". */
    @Test
    void stringLiteralsAreCountedBySourceFileNotListed() {
        List<Map.Entry<String, String>> names = new ArrayList<>();
        names.add(Map.entry(".str", "arch/riscv/kernel/cpufeature.c"));
        for (int i = 1; i <= 78; i++) {
            names.add(Map.entry(".str." + i, "arch/riscv/kernel/cpufeature.c"));
        }
        names.add(Map.entry("__func__.riscv_fill_hwcap", "arch/riscv/kernel/cpufeature.c"));
        names.add(Map.entry(".str.3", "arch/riscv/kernel/alternative.c"));
        names.add(Map.entry("riscv_isa", "arch/riscv/kernel/cpufeature.c"));
        assertEquals(List.of("79 string literals of arch/riscv/kernel/cpufeature.c",
                "1 string literal of arch/riscv/kernel/alternative.c",
                "1 __func__ copy of arch/riscv/kernel/cpufeature.c"), CompilerMadeNames.describe(names));
    }

    @Test
    void aPromotedLocalIsTheStaticAPersonWrote() {
        assertEquals("early_pg_dir", CompilerMadeNames.written("early_pg_dir.llvm.1234567890"));
        assertEquals(Optional.empty(), CompilerMadeNames.construct("early_pg_dir.llvm.1234567890"));
        assertEquals(Optional.of("string literal"), CompilerMadeNames.construct(".str.12.llvm.99"));
        assertEquals(Optional.empty(), CompilerMadeNames.construct("str.1"));
        assertEquals(Optional.of("local constant initializer"), CompilerMadeNames.construct("__const.setup_vm.pt"));
    }
}
