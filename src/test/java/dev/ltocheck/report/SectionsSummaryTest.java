package dev.ltocheck.report;

import dev.ltocheck.input.ModuleId;
import dev.ltocheck.sections.Category;
import dev.ltocheck.sections.SectionReference;
import dev.ltocheck.sections.SectionsResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The last line of 'sections' says where the references come from, and names no kbuild lines when there are none. */
class SectionsSummaryTest {
    private static SectionReference ref(String target, Category category) {
        return new SectionReference("vmlinux.a(head64.o at 724)", "__startup_64", ".pi.text", target, ".text",
                category, true, false, false, 1, null);
    }

    private static String lastLine(List<SectionReference> refs) {
        SectionsResult r = new SectionsResult(List.of(".pi.text"), 2, refs, Map.of(), List.of());
        StringWriter out = new StringWriter();
        SectionsRenderer.text(r, name -> ModuleId.looseFile("arch/x86/kernel/head64.o"), Map.of(), new PrintWriter(out));
        List<String> lines = out.toString().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void onlyTheCodeItself() {
        assertEquals("1 reference, all from the code itself (no instrumentation to remove).",
                lastLine(List.of(ref("memcpy_helper", Category.ORDINARY))));
    }

    @Test
    void onlyInstrumentation() {
        assertEquals("2 references, all from instrumentation (the kbuild lines above remove them).",
                lastLine(List.of(ref("__ubsan_handle_out_of_bounds", Category.UBSAN),
                        ref("__sanitizer_cov_trace_pc", Category.KCOV))));
    }

    @Test
    void both() {
        assertEquals("1 reference from instrumentation (the kbuild lines above remove them), 1 from the code itself.",
                lastLine(List.of(ref("__sanitizer_cov_trace_pc", Category.KCOV), ref("helper", Category.ORDINARY))));
    }

    @Test
    void none() {
        assertEquals("Nothing leaves .pi.text.", lastLine(List.of()));
    }
}
