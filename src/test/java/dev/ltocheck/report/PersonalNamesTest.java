package dev.ltocheck.report;

import dev.ltocheck.imports.Import;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * check's first screen names what crosses the flag boundary as a person wrote it (the real riscv
 * case listed cpufeature.o's exports as ".str.1.llvm.11054029189582829061", ".str.10.llvm..." one
 * by one): a promoted static under its own name, the compiler's constants counted by construct and file.
 */
class PersonalNamesTest {
    private static Causes.Crossing variable(String promoted, String file, String... modules) {
        return new Causes.Crossing(promoted, promoted, Import.Kind.VARIABLE, file, new LinkedHashSet<>(List.of(modules)));
    }

    @Test
    void compilerMadeNamesAreCountedByConstructAndPromotedStaticsNamedAsWritten() {
        String cpufeature = "arch/riscv/kernel/cpufeature.c";
        List<Causes.Crossing> exports = List.of(variable("elf_hwcap", cpufeature, "a.o", "b.o"),
                variable(".str.1.llvm.11054029189582829061", cpufeature, "a.o"),
                variable("protection_map.llvm.11065005647110885425", "arch/riscv/mm/init.c", "c.o"),
                variable(".str.10.llvm.11054029189582829061", cpufeature, "b.o"),
                variable("__func__.riscv_fill_hwcap.llvm.11054029189582829061", cpufeature, "a.o"),
                variable("__func__.riscv_isa_extension_check", cpufeature, "a.o"));
        List<CheckTextRenderer.Named> shown = CheckTextRenderer.personal(exports, true);
        // By reach: the two literals reach a.o and b.o, as elf_hwcap does.
        assertEquals(List.of("elf_hwcap", "2 string literals of " + cpufeature, "protection_map",
                "2 __func__ copies of " + cpufeature), shown.stream().map(n -> n.crossing().promoted()).toList());
        assertEquals(Set.of("a.o", "b.o"), shown.get(1).crossing().modules());
        assertEquals(List.of(false, true, false, true), shown.stream().map(CheckTextRenderer.Named::compilerMade).toList());
        // Imports say the file beside each name: the construct alone.
        assertEquals(List.of("elf_hwcap", "2 string literals", "protection_map", "2 __func__ copies"),
                CheckTextRenderer.personal(exports, false).stream().map(n -> n.crossing().promoted()).toList());
        // The count before the list counts what the list names: the constants by construct, not as variables.
        assertEquals("2 variables, 2 string literals and 2 __func__ copies", CheckTextRenderer.kinds(exports));
    }
}
