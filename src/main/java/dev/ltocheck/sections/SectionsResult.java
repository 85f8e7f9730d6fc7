package dev.ltocheck.sections;

import java.util.List;
import java.util.Map;

/**
 * @param confinedFunctions functions found in the confined sections
 * @param references        every reference leaving them, per object in link order
 * @param fixLines          per object (lld name), the kbuild lines that remove its instrumentation
 * @param problems          modules whose function bodies could not be read
 */
public record SectionsResult(List<String> confined, int confinedFunctions, List<SectionReference> references,
                             Map<String, List<String>> fixLines, List<dev.ltocheck.input.InputProblem> problems) {
}
