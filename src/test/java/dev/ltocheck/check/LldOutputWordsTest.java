package dev.ltocheck.check;

import dev.ltocheck.llvm.LldVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * LLVM 20's lines in older lld's words, as Debian's ld.lld 15, 16 and 19 printed them for the same
 * links (bitcode-samples/lldN-*: the whole files are compared in LldVersionSamplesTest).
 */
class LldOutputWordsTest {
    private static final LldVersion V15 = LldVersion.parse("15.0.6").orElseThrow();
    private static final LldVersion V16 = LldVersion.parse("16.0.6").orElseThrow();
    private static final LldVersion V19 = LldVersion.parse("19.1.7").orElseThrow();
    private static final LldVersion V22 = LldVersion.parse("22.1.8").orElseThrow();

    private static final LldLine THIN = new LldLine("vmlinux.a(head64.o at 724)", "vmlinux.a(memory.o at 1384)",
            "ld.lld: error: Function Import: link error: linking module flags 'Code Model': IDs have conflicting values:"
                    + " 'i32 2' from vmlinux.a(memory.o at 1384), and 'i32 1' from vmlinux.a(head64.o at 724)");
    private static final LldLine FULL = new LldLine("ld-temp.o", "vmlinux.a(head64.o at 724)",
            "ld.lld: error: linking module flags 'Code Model': IDs have conflicting values: 'i32 1' from"
                    + " vmlinux.a(head64.o at 724), and 'i32 2' from ld-temp.o");

    @Test
    void theSourceIsNamedFirstBefore20() {
        assertEquals(THIN.text(), LldOutput.words(THIN, V22));
        assertEquals("ld.lld: error: Function Import: link error: linking module flags 'Code Model': IDs have"
                + " conflicting values in 'vmlinux.a(memory.o at 1384)' and 'vmlinux.a(head64.o at 724)'",
                LldOutput.words(THIN, V19));
    }

    @Test
    void lld15And16AbortOnAThinImportButReportAFullLtoMerge() {
        String old = "Function Import: link error: linking module flags 'Code Model': IDs have conflicting values in"
                + " 'vmlinux.a(memory.o at 1384)' and 'vmlinux.a(head64.o at 724)'";
        assertEquals("LLVM ERROR: " + old, LldOutput.words(THIN, V15));
        assertEquals("LLVM ERROR: " + old, LldOutput.words(THIN, V16));
        // bitcode-samples: full LTO with ld.lld 15, 16 and 19 printed exactly this, exit 1
        assertEquals("ld.lld: error: linking module flags 'Code Model': IDs have conflicting values in"
                + " 'vmlinux.a(head64.o at 724)' and 'ld-temp.o'", LldOutput.words(FULL, V16));
    }

    @Test
    void messagesThat20DidNotChangeStayAsTheyAre() {
        LldLine override = new LldLine("A_ovr.o", "B_ovr.o", "ld.lld: error: Function Import: link error: linking module"
                + " flags 'o': IDs have conflicting override values in 'B_ovr.o' and 'A_ovr.o'");
        assertEquals(override.text(), LldOutput.words(override, V19));
        assertEquals("LLVM ERROR: " + override.text().substring("ld.lld: error: ".length()), LldOutput.words(override, V16));
        // A value that looks like the message's own words does not confuse the rewrite.
        LldLine odd = new LldLine("b.o", "a.o", "ld.lld: error: Function Import: link error: linking module flags 'k':"
                + " IDs have conflicting values: '!\"x', and 'y\"' from a.o, and '!\"z\"' from b.o");
        assertEquals("ld.lld: error: Function Import: link error: linking module flags 'k': IDs have conflicting values"
                + " in 'a.o' and 'b.o'", LldOutput.words(odd, V19));
    }
}
