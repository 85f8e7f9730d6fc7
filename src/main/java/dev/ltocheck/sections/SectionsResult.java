package dev.ltocheck.sections;

import java.util.List;
import java.util.Map;

/**
 * @param confinedFunctions functions found in the confined sections
 * @param references        every reference leaving them, per object in link order
 * @param fixLines          per object (lld name), the kbuild lines that remove its instrumentation
 */
public record SectionsResult(List<String> confined, int confinedFunctions, List<SectionReference> references,
                             Map<String, List<String>> fixLines) {
}
