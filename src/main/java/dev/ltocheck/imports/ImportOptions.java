package dev.ltocheck.imports;

import java.util.List;

/**
 * The knobs of LLVM 20's import decision, under their {@code -mllvm} names, with LLVM's defaults
 * (llvm/lib/Transforms/IPO/FunctionImport.cpp, ModuleSummaryIndex.cpp).
 */
public record ImportOptions(int instrLimit, float instrEvolutionFactor, float hotEvolutionFactor,
                            float hotMultiplier, float criticalMultiplier, float coldMultiplier,
                            int cutoff, boolean forceImportAll, boolean importConstantsWithRefs,
                            boolean propagateAttrs, boolean computeDead, int ltoOptLevel) {

    public static final ImportOptions LLVM_DEFAULTS = new ImportOptions(100, 0.7f, 1.0f, 10.0f, 100.0f, 0.0f,
            -1, false, true, true, true, 2);

    /** What {@code -mllvm} options ltocheck understands, for help texts. */
    public static final List<String> NAMES = List.of("-import-instr-limit", "-import-instr-evolution-factor",
            "-import-hot-evolution-factor", "-import-hot-multiplier", "-import-critical-multiplier",
            "-import-cold-multiplier", "-import-cutoff", "-force-import-all", "-import-constants-with-refs",
            "-propagate-attrs", "-compute-dead");

    /** Applies {@code -mllvm} arguments as ld.lld would pass them to LLVM; unknown ones are rejected. */
    public ImportOptions withMllvm(List<String> arguments) {
        ImportOptions o = this;
        for (String argument : arguments) {
            o = o.withOne(argument);
        }
        return o;
    }

    private ImportOptions withOne(String argument) {
        String a = argument.startsWith("--") ? argument.substring(1) : argument;
        int eq = a.indexOf('=');
        String name = eq < 0 ? a : a.substring(0, eq);
        String value = eq < 0 ? "true" : a.substring(eq + 1);
        try {
            return switch (name) {
                case "-import-instr-limit" -> with(Integer.parseUnsignedInt(value), instrEvolutionFactor, hotEvolutionFactor,
                        hotMultiplier, criticalMultiplier, coldMultiplier, cutoff, forceImportAll);
                case "-import-instr-evolution-factor" -> with(instrLimit, Float.parseFloat(value), hotEvolutionFactor,
                        hotMultiplier, criticalMultiplier, coldMultiplier, cutoff, forceImportAll);
                case "-import-hot-evolution-factor" -> with(instrLimit, instrEvolutionFactor, Float.parseFloat(value),
                        hotMultiplier, criticalMultiplier, coldMultiplier, cutoff, forceImportAll);
                case "-import-hot-multiplier" -> with(instrLimit, instrEvolutionFactor, hotEvolutionFactor,
                        Float.parseFloat(value), criticalMultiplier, coldMultiplier, cutoff, forceImportAll);
                case "-import-critical-multiplier" -> with(instrLimit, instrEvolutionFactor, hotEvolutionFactor,
                        hotMultiplier, Float.parseFloat(value), coldMultiplier, cutoff, forceImportAll);
                case "-import-cold-multiplier" -> with(instrLimit, instrEvolutionFactor, hotEvolutionFactor,
                        hotMultiplier, criticalMultiplier, Float.parseFloat(value), cutoff, forceImportAll);
                case "-import-cutoff" -> with(instrLimit, instrEvolutionFactor, hotEvolutionFactor, hotMultiplier,
                        criticalMultiplier, coldMultiplier, Integer.parseInt(value), forceImportAll);
                case "-force-import-all" -> with(instrLimit, instrEvolutionFactor, hotEvolutionFactor, hotMultiplier,
                        criticalMultiplier, coldMultiplier, cutoff, bool(value));
                case "-import-constants-with-refs" -> new ImportOptions(instrLimit, instrEvolutionFactor,
                        hotEvolutionFactor, hotMultiplier, criticalMultiplier, coldMultiplier, cutoff, forceImportAll,
                        bool(value), propagateAttrs, computeDead, ltoOptLevel);
                case "-propagate-attrs" -> new ImportOptions(instrLimit, instrEvolutionFactor, hotEvolutionFactor,
                        hotMultiplier, criticalMultiplier, coldMultiplier, cutoff, forceImportAll,
                        importConstantsWithRefs, bool(value), computeDead, ltoOptLevel);
                case "-compute-dead" -> new ImportOptions(instrLimit, instrEvolutionFactor, hotEvolutionFactor,
                        hotMultiplier, criticalMultiplier, coldMultiplier, cutoff, forceImportAll,
                        importConstantsWithRefs, propagateAttrs, bool(value), ltoOptLevel);
                // Options that do not change what is imported are accepted and ignored.
                case "-print-imports", "-print-import-failures", "-enable-import-metadata" -> this;
                default -> throw new IllegalArgumentException("-mllvm " + argument
                        + ": not an import option ltocheck models (" + String.join(", ", NAMES) + ")");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-mllvm " + argument + ": bad value '" + value + "'");
        }
    }

    /** The LTO optimisation level ({@code --lto-O}): at 0 lld imports nothing. */
    public ImportOptions withLtoOptLevel(int level) {
        return new ImportOptions(instrLimit, instrEvolutionFactor, hotEvolutionFactor, hotMultiplier,
                criticalMultiplier, coldMultiplier, cutoff, forceImportAll, importConstantsWithRefs, propagateAttrs,
                computeDead, level);
    }

    private ImportOptions with(int limit, float evolution, float hotEvolution, float hot, float critical, float cold,
                               int cut, boolean forceAll) {
        return new ImportOptions(limit, evolution, hotEvolution, hot, critical, cold, cut, forceAll,
                importConstantsWithRefs, propagateAttrs, computeDead, ltoOptLevel);
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "true", "1", "TRUE", "True" -> true;
            case "false", "0", "FALSE", "False" -> false;
            default -> throw new NumberFormatException(value);
        };
    }
}
