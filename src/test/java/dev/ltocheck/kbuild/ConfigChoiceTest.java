package dev.ltocheck.kbuild;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfigChoiceTest {
    /** Linux 6.12's arch/riscv/Makefile, lines 20-27 and 95-102 (with its tabs), and an else branch. */
    @Test
    void optionsUnderOneSymbolAreFoundAndOthersAreNot() {
        List<String> lines = List.of(
                "ifeq ($(CONFIG_CMODEL_MEDLOW),y)",
                "KBUILD_CFLAGS_MODULE += -mcmodel=medany",
                "endif",
                "ifeq ($(CONFIG_CMODEL_MEDLOW),y)",
                "\tKBUILD_CFLAGS += -mcmodel=medlow",
                "endif",
                "ifeq ($(CONFIG_CMODEL_MEDANY),y)",
                "\tKBUILD_CFLAGS += -mcmodel=medany \\",
                "\t\t-mno-relax # a comment",
                "endif",
                "ifdef CONFIG_X86_32",
                "KBUILD_CFLAGS += -m32",
                "else",
                "KBUILD_CFLAGS += -mcmodel=kernel",
                "endif",
                "ifneq ($(CONFIG_FOO),)",
                "ifeq ($(cc-name),clang)",
                "KBUILD_CFLAGS += -mbar",
                "endif",
                "KBUILD_CFLAGS += -mfoo",
                "endif",
                "KBUILD_CFLAGS += -mcmodel=small");
        assertEquals(List.of(new ConfigChoice("CONFIG_CMODEL_MEDLOW", "-mcmodel=medlow", 5),
                new ConfigChoice("CONFIG_CMODEL_MEDANY", "-mcmodel=medany", 8),
                new ConfigChoice("CONFIG_CMODEL_MEDANY", "-mno-relax", 8),
                new ConfigChoice("CONFIG_X86_32", "-m32", 12),
                new ConfigChoice("CONFIG_FOO", "-mfoo", 20)), ConfigChoice.scan(lines));
    }
}
