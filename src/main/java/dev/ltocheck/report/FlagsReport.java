package dev.ltocheck.report;

import dev.ltocheck.flags.FlagValueNames;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.modules.LoadedObject.NativeObject;
import dev.ltocheck.modules.ModuleSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The facts {@code ltocheck flags} shows: which modules carry which module flags.
 *
 * @param spreads every flag key, in order of first appearance in link order
 * @param triples target triples with how many modules use each, in order of first appearance
 */
public record FlagsReport(List<BitcodeModule> modules, List<NativeObject> natives, List<InputProblem> problems,
                          List<FlagSpread> spreads, Map<String, Integer> triples) {

    public static FlagsReport of(ModuleSet set) {
        List<BitcodeModule> modules = set.bitcode();
        Map<String, Integer> triples = new LinkedHashMap<>();
        Map<String, List<BitcodeModule>> byKey = new LinkedHashMap<>();
        for (BitcodeModule m : modules) {
            triples.merge(m.facts().triple(), 1, Integer::sum);
            for (ModuleFlag f : m.facts().flags()) {
                byKey.computeIfAbsent(f.key(), k -> new ArrayList<>());
            }
        }
        List<FlagSpread> spreads = new ArrayList<>();
        for (String key : byKey.keySet()) {
            spreads.add(spread(key, modules));
        }
        return new FlagsReport(modules, set.natives(), set.problems(), List.copyOf(spreads), triples);
    }

    private static FlagSpread spread(String key, List<BitcodeModule> modules) {
        record State(int behavior, String value) {
        }
        Map<State, List<BitcodeModule>> groups = new LinkedHashMap<>();
        Map<State, String> readable = new LinkedHashMap<>();
        for (BitcodeModule m : modules) {
            ModuleFlag flag = find(m, key);
            State state = flag == null ? new State(0, null) : new State(flag.behavior(), flag.value().llvmText());
            groups.computeIfAbsent(state, s -> new ArrayList<>()).add(m);
            readable.putIfAbsent(state, flag == null ? "absent"
                    : FlagValueNames.readable(key, flag.value(), m.facts().triple()));
        }
        List<FlagSpread.FlagGroup> result = new ArrayList<>();
        groups.forEach((state, members) -> result.add(
                new FlagSpread.FlagGroup(state.behavior(), state.value(), readable.get(state), List.copyOf(members))));
        // Largest first; equal sizes keep first-appearance order (sort is stable).
        result.sort(Comparator.comparingInt((FlagSpread.FlagGroup g) -> g.modules().size()).reversed());
        return new FlagSpread(key, List.copyOf(result));
    }

    /** The module's flag with this key, or null. Keys are unique within a verified module. */
    public static ModuleFlag find(BitcodeModule module, String key) {
        for (ModuleFlag f : module.facts().flags()) {
            if (Objects.equals(f.key(), key)) {
                return f;
            }
        }
        return null;
    }

    public List<FlagSpread> differing() {
        return spreads.stream().filter(s -> !s.uniform()).toList();
    }

    public List<FlagSpread> uniform() {
        return spreads.stream().filter(FlagSpread::uniform).toList();
    }
}
