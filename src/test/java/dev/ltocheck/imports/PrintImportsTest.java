package dev.ltocheck.imports;

import dev.ltocheck.report.ImportsLldRenderer;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** On samples whose link succeeds, -print-imports is complete: our lines must be lld's, in lld's order. */
class PrintImportsTest {
    @ParameterizedTest
    @ValueSource(strings = {"clean", "x86-pie-fixed"})
    void lldLinesEqualRecordedPrintImports(String scenario) {
        List<String> recorded = Samples.golden(scenario, "lld-link.txt").stream()
                .filter(l -> l.contains(": Import ")).toList();
        assertFalse(recorded.isEmpty());
        assertEquals(recorded, ImportsLldRenderer.lines(ThinLinkAgainstLldTest.predict(scenario)));
    }
}
