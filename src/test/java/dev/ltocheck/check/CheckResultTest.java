package dev.ltocheck.check;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one verdict "the link passes" every fix and scope is held to. */
class CheckResultTest {
    private static CheckResult with(List<LldLine> lldLines, List<String> crashedMerges) {
        return new CheckResult(null, List.of(), List.of(), lldLines, List.of(), Map.of(), Map.of(), List.of(), crashedMerges);
    }

    @Test
    void passesOnlyWithNothingFailingAndNothingLeftUndecided() {
        assertTrue(with(List.of(), List.of()).passes());
        assertFalse(with(List.of(new LldLine("a.o", "b.o", LinkCheck.THIN_PREFIX + "x")), List.of()).passes(), "lld fails");
        assertFalse(with(List.of(), List.of("merge of a.o crashed libLLVM")).passes(), "a crashed merge decides nothing");
    }
}
