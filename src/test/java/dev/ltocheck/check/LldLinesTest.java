package dev.ltocheck.check;

import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lines ltocheck predicts against what ld.lld printed for the same link (--error-limit=0). */
class LldLinesTest {
    static CheckResult check(String scenario) throws Exception {
        List<String> archives = Samples.archives(scenario);
        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(Samples.dir(scenario), archives.subList(0, 1),
                archives.subList(1, archives.size())), 2);
        ImportResult imports = ThinLink.run(set.thinModules(), LinkOptions.RELOCATABLE,
                ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=5")));
        return LinkCheck.run(imports, set.flagsByModule());
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#ALL")
    void predictedErrorLinesAreLldsLineForLine(String scenario) throws Exception {
        CheckResult result = check(scenario);
        TreeSet<String> predicted = new TreeSet<>();
        result.lldLines().forEach(l -> predicted.add(l.text()));
        assertEquals(new TreeSet<>(Samples.pointerless(Samples.lldErrors(scenario))),
                new TreeSet<>(Samples.pointerless(List.copyOf(predicted))));
        assertEquals(Samples.lldErrors(scenario).size(), result.lldLines().size());
    }
}
