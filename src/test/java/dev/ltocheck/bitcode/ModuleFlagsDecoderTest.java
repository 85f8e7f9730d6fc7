package dev.ltocheck.bitcode;

import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.modules.LoadedObject;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.modules.OwnFlags;
import dev.ltocheck.support.LlvmDisMetadata;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ltocheck's own module-flag reader, for bitcode LLVM 20 refuses, against llvm-dis on every sample member. */
class ModuleFlagsDecoderTest {
    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#ALL")
    void ownReaderGivesTheFlagsLlvmDisPrints(String scenario) throws Exception {
        List<String> archives = Samples.archives(scenario);
        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(Samples.dir(scenario), archives), 2);
        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (LoadedObject.BitcodeModule m : set.bitcode()) {
            actual.put(m.id().archive() + " " + m.id().member(),
                    OwnFlags.read(m.input().bytes(), m.summary()).stream().map(ModuleFlag::llvmText).toList());
        }
        assertEquals(LlvmDisMetadata.moduleFlags(Samples.golden(scenario, "module-flags.txt")), actual);
    }
}
