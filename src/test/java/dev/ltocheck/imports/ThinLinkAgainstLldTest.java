package dev.ltocheck.imports;

import dev.ltocheck.input.InputCollector;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.summary.Guid;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.ThinLinkGolden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Predicted imports of every sample against lld's own thin link of the same inputs. */
class ThinLinkAgainstLldTest {
    static ImportResult predict(String scenario) {
        List<String> archives = Samples.archives(scenario);
        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(Samples.dir(scenario), archives.subList(0, 1),
                archives.subList(1, archives.size())), 2);
        assertTrue(set.problems().isEmpty(), set.problems()::toString);
        // The samples' link line passes -mllvm -import-instr-limit=5, as Linux does.
        return ThinLink.run(set.thinModules(), LinkOptions.RELOCATABLE,
                ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=5")));
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#THIN")
    void importedGuidsAndSourcesEqualLldsThinLink(String scenario) {
        ImportResult result = predict(scenario);
        Path golden = Samples.dir(scenario).resolve("expected/thinlto");
        List<String> lldModules = Samples.thinLinkModuleNames(scenario);

        Map<String, Set<String>> ours = new HashMap<>();
        Map<String, List<String>> ourSources = new HashMap<>();
        lldModules.forEach(m -> {
            ours.put(m, new TreeSet<>());
            ourSources.put(m, List.of());
        });
        for (ModuleImports mi : result.perModule()) {
            String into = result.modules().get(mi.module()).name();
            Set<String> pairs = new TreeSet<>();
            for (Import i : mi.imports()) {
                pairs.add(Guid.text(i.guid()) + " " + result.modules().get(i.source()).name());
            }
            ours.put(into, pairs);
            ourSources.put(into, result.sourceModules(mi.module()).stream()
                    .map(s -> result.modules().get(s).name()).toList());
        }
        assertEquals(ThinLinkGolden.importedPairs(golden, lldModules), ours);
        assertEquals(ThinLinkGolden.sourceModules(golden, lldModules), ourSources);
        assertTrue(ours.values().stream().mapToInt(Set::size).sum() > 0, "the samples import something");
    }
}
