package dev.ltocheck.check;

import dev.ltocheck.flags.FlagVerifier;

import java.util.ArrayList;
import java.util.List;

/**
 * A module whose module flags LLVM's verifier rejects (lld stops at it: "Broken module found"),
 * or whose flag value is damaged (cyclic, too large: no compiler writes it, and ltocheck cannot
 * model it). Its flags are never merged.
 *
 * @param module   the module, as lld names it
 * @param problems the verifier's complaints, in its order
 */
public record BrokenModule(String module, List<FlagVerifier.Problem> problems) {
    public BrokenModule {
        problems = List.copyOf(problems);
    }

    /** True when LLVM's verifier rejects it (not only ltocheck, for a damaged value). */
    public boolean rejectedByLlvm() {
        return problems.stream().anyMatch(p -> !p.damaged());
    }

    /** What lld prints before it stops: the verifier's lines, then "LLVM ERROR: Broken module found...". */
    public List<String> lldLines() {
        List<String> lines = new ArrayList<>();
        problems.stream().filter(p -> !p.damaged()).forEach(p -> lines.addAll(p.llvmLines()));
        lines.add(FlagVerifier.BROKEN);
        return lines;
    }
}
