package dev.ltocheck.report;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.flags.FlagValueNames;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.modules.ModuleSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ltocheck check}'s findings with what a reader needs around them: paths, readable flag
 * values, and the failing imports grouped by flag and by pair of modules, minority side first.
 */
public record CheckReport(CheckResult result, Map<String, BitcodeModule> modules, Map<String, List<Pair>> byFlag,
                          List<InputProblem> problems, String linkOrigin, Coverage coverage, LldOutput lld) {

    /** Failing imports between two modules, in either direction; {@code minority} has the rarer value. */
    public record Pair(String key, ThinModule minority, ThinModule majority, List<FailingImport> imports) {
    }

    /** Modelling the bundled ld.lld 20.1.7. */
    public static CheckReport of(ModuleSet set, CheckResult result, String linkOrigin) {
        return of(set, result, linkOrigin, LldOutput.of(result, LldVersion.BUNDLED));
    }

    /** @param lld what the user's own ld.lld does with this link */
    public static CheckReport of(ModuleSet set, CheckResult result, String linkOrigin, LldOutput lld) {
        Map<String, BitcodeModule> modules = new HashMap<>();
        set.bitcode().forEach(m -> modules.put(m.id().lldName(), m));
        // How many modules carry each value of each flag: the rarer side of a pair is listed first.
        Map<String, Integer> valueCounts = new HashMap<>();
        for (BitcodeModule m : set.bitcode()) {
            m.facts().flags().forEach(f -> valueCounts.merge(f.key() + "=" + f.value().llvmText(), 1, Integer::sum));
        }
        Map<String, Map<List<String>, Pair>> grouped = new LinkedHashMap<>();
        List<FailingImport> sorted = new ArrayList<>(result.errors());
        sorted.sort(Comparator.comparing(FailingImport::key));
        for (FailingImport f : sorted) {
            int intoCount = valueCounts.getOrDefault(f.key() + "=" + valueText(modules, f.into(), f.key()), 0);
            int fromCount = valueCounts.getOrDefault(f.key() + "=" + valueText(modules, f.from(), f.key()), 0);
            ThinModule minority = intoCount < fromCount ? f.into() : f.from();
            ThinModule majority = minority == f.into() ? f.from() : f.into();
            grouped.computeIfAbsent(f.key(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(List.of(minority.name(), majority.name()),
                            k -> new Pair(f.key(), minority, majority, new ArrayList<>()))
                    .imports().add(f);
        }
        Map<String, List<Pair>> byFlag = new LinkedHashMap<>();
        grouped.forEach((key, pairs) -> byFlag.put(key, List.copyOf(pairs.values())));
        return new CheckReport(result, modules, byFlag, set.problems(), linkOrigin, Coverage.of(set), lld);
    }

    private static String valueText(Map<String, BitcodeModule> modules, ThinModule m, String key) {
        ModuleFlag flag = flag(modules.get(m.name()), key);
        return flag == null ? "absent" : flag.value().llvmText();
    }

    private static ModuleFlag flag(BitcodeModule module, String key) {
        return module == null ? null : FlagsReport.find(module, key);
    }

    /** The module's value of a flag for a reader: {@code kernel (i32 2)}, or {@code absent}. */
    public String value(ThinModule m, String key) {
        BitcodeModule module = modules.get(m.name());
        ModuleFlag flag = flag(module, key);
        if (flag == null) {
            return "absent";
        }
        return FlagValueNames.withLlvmText(key, flag.value(), module.facts().triple());
    }

    /** Said of a module LLVM refused wherever a finding names its flags: LLVM did not confirm them. */
    public static final String READ_BY_LTOCHECK_ONLY = ReadByLtocheckOnly.LLVM_REFUSED.note();

    /** Said of a module with debug information wherever a finding names its flags: LLVM did not read them. */
    public static final String READ_BY_LTOCHECK_ONLY_DEBUG_INFO = ReadByLtocheckOnly.DEBUG_INFO.note();

    /** Why a finding's module was read by ltocheck's own reader only, or null when LLVM confirmed its flags. */
    public ReadByLtocheckOnly onlyOursWhy(String lldName) {
        return ReadByLtocheckOnly.of(modules.get(lldName));
    }

    /** The note for a module whose flags LLVM did not confirm ({@link ReadByLtocheckOnly}), else empty. */
    public String onlyOurs(ThinModule m) {
        ReadByLtocheckOnly why = onlyOursWhy(m.name());
        return why == null ? "" : why.note();
    }

    /** The module's value of a flag as LLVM prints it ({@code i32 2}), or null when absent. */
    public String rawValue(ThinModule m, String key) {
        ModuleFlag flag = flag(modules.get(m.name()), key);
        return flag == null ? null : flag.value().llvmText();
    }

    /** The module's value of a flag in the user's words ({@code kernel}), or null when absent. */
    public String readableValue(ThinModule m, String key) {
        BitcodeModule module = modules.get(m.name());
        ModuleFlag flag = flag(module, key);
        return flag == null ? null : FlagValueNames.readable(key, flag.value(), module.facts().triple());
    }

    public ModuleId id(ThinModule m) {
        BitcodeModule module = modules.get(m.name());
        return module == null ? ModuleId.looseFile(m.name()) : module.id();
    }

    /** A module's path as the user knows it, by lld's name for it. */
    public String path(String lldName) {
        BitcodeModule module = modules.get(lldName);
        return module == null ? lldName : module.id().path();
    }

    public String sourceFile(ThinModule m) {
        return m.summary().sourceFilename();
    }

    public long hiddenByLld() {
        return result.errors().stream().filter(f -> !f.shownByLld()).count();
    }
}
