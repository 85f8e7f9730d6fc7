package dev.ltocheck.imports;

import dev.ltocheck.input.InputCollector;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.ThinLinkGolden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;

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
        ThinLinkGolden.assertSameAsLld(scenario, predict(scenario));
    }
}
