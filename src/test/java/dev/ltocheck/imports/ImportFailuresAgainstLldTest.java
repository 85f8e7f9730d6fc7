package dev.ltocheck.imports;

import dev.ltocheck.report.ImportsLldFailuresRenderer;
import dev.ltocheck.support.DecisionArithmetic;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.ThinLinkGolden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code imports --format lld-failures} of every ThinLTO sample against what
 * {@code ld.lld -mllvm -print-import-failures} printed (expected/lld-import-failures.txt, recorded by
 * scripts/make-samples): per module, the same lines in the same order (lld's ImportThresholds
 * map order, which FunctionImporter reproduces); modules themselves lld orders by a hash of their
 * names, which is not modelled.
 */
class ImportFailuresAgainstLldTest {
    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#THIN")
    void failureLinesEqualLldsPerModule(String scenario) {
        Map<String, List<String>> lld = ThinLinkGolden.importFailuresByModule(Samples.golden(scenario, "lld-import-failures.txt"));
        assertFalse(lld.isEmpty(), "lld printed the thin link's modules");
        ImportResult result = ThinLinkAgainstLldTest.predict(scenario);
        Map<String, List<String>> ours = ThinLinkGolden.importFailuresByModule(ImportsLldFailuresRenderer.lines(result,
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

    /** Every decision's threshold is what its call path says: the limit, the decays, the edge's multiplier. */
    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#THIN")
    void thresholdArithmeticAddsUp(String scenario) {
        ImportOptions options = ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=5"));
        assertEquals(List.of(), DecisionArithmetic.problems(ThinLinkAgainstLldTest.predict(scenario), options, new int[1]));
    }
}
