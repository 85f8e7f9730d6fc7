package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.modules.ModuleSet;

import java.util.List;

/**
 * What a report covers: how many objects were read, and what was skipped and why. A report
 * about part of a link never claims the link passes.
 */
public record Coverage(int read, List<InputProblem> skipped) {

    public static Coverage of(ModuleSet set) {
        return new Coverage(set.bitcode().size() + set.natives().size(), set.problems());
    }

    public boolean complete() {
        return skipped.isEmpty();
    }

    /** One line for text reports. */
    public String line() {
        return complete() ? (read == 1 ? "Read the 1 object." : "Read all " + Plural.count(read, "object") + ".")
                : "Incomplete: read " + Plural.count(read, "object") + ", skipped " + skipped.size()
                + " (listed under 'Not read'); the result covers only what was read.";
    }

    void addTo(ObjectNode root) {
        ObjectNode node = root.putObject("coverage");
        node.put("read", read);
        node.put("skipped", skipped.size());
        node.put("complete", complete());
    }
}
