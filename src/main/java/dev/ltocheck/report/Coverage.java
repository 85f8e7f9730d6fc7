package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.llvm.Toolchain;
import dev.ltocheck.modules.LlvmCoverage;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.text.Plural;

import java.util.List;

/**
 * What a report covers: how many objects were read, and what was skipped and why. A report
 * about part of a link never claims the link passes.
 */
public record Coverage(int read, List<InputProblem> skipped, LlvmCoverage.Counts llvm) {

    public Coverage(int read, List<InputProblem> skipped) {
        this(read, skipped, null);
    }

    public static Coverage of(ModuleSet set) {
        return new Coverage(set.bitcode().size() + set.natives().size(), set.problems(), set.llvmCounts());
    }

    /**
     * Which members LLVM itself read, and why ({@code LLVM read 7 of 2,763 members: 3 flag-set
     * representatives, 4 in findings.}); null when nothing says.
     */
    public String llvmLine() {
        if (llvm == null || llvm.members() == 0) {
            return null;
        }
        StringBuilder line = new StringBuilder("LLVM read ");
        int read = llvm.byLlvm();
        line.append(read == llvm.members() ? "all " + number(read) : number(read) + " of " + number(llvm.members()))
                .append(llvm.members() == 1 ? " member" : " members");
        if (llvm.disagreement() != null) {
            line.append(": it and ltocheck's own flag reader disagreed on ").append(llvm.disagreement())
                    .append(" (a bug in ltocheck), so the report is LLVM's");
        } else if (llvm.allAsked()) {
            line.append(" (--llvm-reads all)");
        } else {
            List<String> why = new java.util.ArrayList<>();
            if (llvm.representatives() > 0) {
                why.add(number(llvm.representatives()) + " flag-set representative" + (llvm.representatives() == 1 ? "" : "s"));
            }
            if (llvm.unusual() > 0) {
                why.add(number(llvm.unusual()) + " unusual");
            }
            if (llvm.findings() > 0) {
                why.add(number(llvm.findings()) + " in findings");
            }
            if (llvm.all() > 0) {
                why.add(number(llvm.all()) + " with --llvm-reads all");
            }
            if (!why.isEmpty()) {
                line.append(": ").append(String.join(", ", why));
            }
        }
        if (llvm.refused() > 0) {
            line.append("; ").append(number(llvm.refused())).append(" LLVM ").append(Toolchain.LLVM_VERSION)
                    .append(" refused ").append(llvm.refused() == 1 ? "was" : "were").append(" read by ltocheck only");
        }
        if (llvm.debugInfo() > 0) {
            line.append("; ").append(number(llvm.debugInfo())).append(" it was to read carr")
                    .append(llvm.debugInfo() == 1 ? "ies" : "y").append(" debug information and ")
                    .append(llvm.debugInfo() == 1 ? "was" : "were")
                    .append(" read by ltocheck only (libLLVM does not read debug information in process)");
        }
        return line.append('.').toString();
    }

    private static String number(int n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
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
