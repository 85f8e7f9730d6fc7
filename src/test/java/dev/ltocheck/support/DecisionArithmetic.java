package dev.ltocheck.support;

import dev.ltocheck.imports.CallPath;
import dev.ltocheck.imports.ImportDecision;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.summary.GlobalSummary;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that every decision's threshold is what its call path says: {@code -import-instr-limit}
 * at the root, each imported step its caller's threshold times the evolution factor (truncated, in
 * float as LLVM computes it), and the decision's threshold the last step's times the edge's multiplier.
 */
public final class DecisionArithmetic {
    private DecisionArithmetic() {
    }

    /** @param deeper counts, in its one element, the steps below a root that were checked */
    public static List<String> problems(ImportResult result, ImportOptions options, int[] deeper) {
        List<String> problems = new ArrayList<>();
        for (ModuleImports mi : result.perModule()) {
            for (ImportDecision d : mi.decisions()) {
                List<CallPath> steps = d.caller().steps();
                if (steps.get(0).threshold() != options.instrLimit()) {
                    problems.add("root threshold " + steps.get(0).threshold() + ": " + d);
                }
                for (int k = 1; k < steps.size(); k++) {
                    float factor = steps.get(k).hotEdge() ? options.hotEvolutionFactor() : options.instrEvolutionFactor();
                    if ((long) (steps.get(k - 1).threshold() * factor) != steps.get(k).threshold()) {
                        problems.add("step " + k + " threshold " + steps.get(k).threshold() + ": " + d);
                    }
                    deeper[0]++;
                }
                float multiplier = switch (d.hotness()) {
                    case GlobalSummary.Call.HOT -> options.hotMultiplier();
                    case GlobalSummary.Call.COLD -> options.coldMultiplier();
                    case GlobalSummary.Call.CRITICAL -> options.criticalMultiplier();
                    default -> 1.0f;
                };
                float product = d.caller().threshold() * multiplier;
                if ((product <= 0 ? 0 : (long) product) != d.threshold()) {
                    problems.add("threshold " + d.threshold() + " is not " + d.caller().threshold() + " x " + multiplier
                            + ": " + d);
                }
            }
        }
        return problems;
    }
}
