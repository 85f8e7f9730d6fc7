package dev.ltocheck.modules;

import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.support.LlvmDisMetadata;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every sample member read through the C API, compared with what llvm-dis and ld.lld said of it. */
class SampleModulesTest {
    private static final Pattern LLD_MEMBER_NAME = Pattern.compile("[\\w./-]+\\.a\\([^()]+ at \\d+\\)");

    private static ModuleSet load(String scenario) {
        Inputs inputs = InputCollector.collect(Samples.dir(scenario), Samples.archives(scenario));
        ModuleSet set = ModuleSetLoader.load(inputs, 2);
        assertTrue(set.problems().isEmpty(), () -> scenario + ": " + set.problems());
        return set;
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#ALL")
    void moduleFlagsEqualLlvmDis(String scenario) {
        Map<String, List<String>> expected = LlvmDisMetadata.moduleFlags(Samples.golden(scenario, "module-flags.txt"));
        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (LoadedObject.BitcodeModule m : load(scenario).bitcode()) {
            actual.put(m.id().archive() + " " + m.id().member(),
                    m.facts().flags().stream().map(ModuleFlag::llvmText).toList());
        }
        assertFalse(expected.isEmpty());
        assertEquals(expected, actual);
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#THIN")
    void moduleNamesEqualThoseOfLldsThinLink(String scenario) {
        Set<String> ours = load(scenario).bitcode().stream().map(m -> m.id().lldName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Samples.thinLinkModuleNames(scenario)), ours);
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#ALL")
    void everyModuleLldNamesInAnErrorIsOneOfOurs(String scenario) {
        Set<String> ours = load(scenario).bitcode().stream().map(m -> m.id().lldName()).collect(Collectors.toSet());
        Set<String> named = new TreeSet<>();
        for (String line : Samples.lldErrors(scenario)) {
            Matcher m = LLD_MEMBER_NAME.matcher(line);
            while (m.find()) {
                named.add(m.group());
            }
        }
        assertTrue(named.stream().allMatch(ours::contains), () -> "not ours: " + named + " vs " + ours);
        assertEquals(Samples.lldErrors(scenario).isEmpty(), named.isEmpty(), "lld names modules exactly when it fails");
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#ALL")
    void sameResultWithOneAndManyThreads(String scenario) {
        Inputs inputs = InputCollector.collect(Samples.dir(scenario), Samples.archives(scenario));
        assertEquals(ModuleSetLoader.load(inputs, 1).bitcode().stream().map(m -> m.facts()).toList(),
                ModuleSetLoader.load(inputs, 4).bitcode().stream().map(m -> m.facts()).toList());
    }
}
