package dev.ltocheck.imports;

import dev.ltocheck.report.ImportsLldFailuresRenderer;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code imports --format lld-failures} of every ThinLTO sample against what
 * {@code ld.lld -mllvm -print-import-failures} printed (expected/lld-import-failures.txt, recorded by
 * scripts/make-samples): per module, the same lines. lld prints modules and callees in hash-map
 * order, so each module's lines are compared as a set.
 */
class ImportFailuresAgainstLldTest {
    private static final String HEADER = "Missed imports into module ";

    /** Each module's failure lines, from lines as lld prints them. */
    static Map<String, Set<String>> byModule(List<String> lines) {
        Map<String, Set<String>> modules = new TreeMap<>();
        Set<String> current = null;
        for (String line : lines) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(HEADER)) {
                current = new TreeSet<>();
                Set<String> before = modules.put(line.substring(HEADER.length()), current);
                assertEquals(null, before, "one block per module: " + line);
            } else {
                assertTrue(current != null, "a failure line before any module: " + line);
                assertTrue(current.add(line), "a callee printed twice in one module: " + line);
            }
        }
        return modules;
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#THIN")
    void failureLinesEqualLldsPerModule(String scenario) {
        Map<String, Set<String>> lld = byModule(Samples.golden(scenario, "lld-import-failures.txt"));
        assertFalse(lld.isEmpty(), "lld printed the thin link's modules");
        ImportResult result = ThinLinkAgainstLldTest.predict(scenario);
        Map<String, Set<String>> ours = byModule(ImportsLldFailuresRenderer.lines(result,
                ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=5"))));
        assertEquals(lld, ours);
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#THIN")
    void everyFailureIsAModuleDecisionAndNoImportIs(String scenario) {
        ImportResult result = ThinLinkAgainstLldTest.predict(scenario);
        for (ModuleImports mi : result.perModule()) {
            Map<Long, ImportDecision> decided = new LinkedHashMap<>();
            mi.decisions().forEach(d -> assertEquals(null, decided.put(d.guid(), d), "one decision per callee"));
            for (Import i : mi.imports()) {
                if (i.kind() == Import.Kind.FUNCTION) {
                    ImportDecision d = decided.get(i.guid());
                    assertTrue(d != null && d.imported() && d.source() == i.source(), i::toString);
                }
            }
        }
    }
}
