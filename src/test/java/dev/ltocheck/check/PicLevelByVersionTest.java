package dev.ltocheck.check;

import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ld.lld 15 keeps PIC Level Max, as clang 15 wrote it; LLVM 16 and later read it as Min. The sample
 * (bitcode-samples/lld15-pic-level) records what ld.lld 15 left in the importing module.
 */
class PicLevelByVersionTest {
    @Test
    void lld15KeepsTheHigherPicLevelWhereLlvm20TakesTheLower() throws Exception {
        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(Samples.dir("lld15-pic-level"),
                List.of("a.o", "b.o"), List.of()), 1);
        ImportResult imports = ThinLink.run(set.thinModules(), LinkOptions.RELOCATABLE, ImportOptions.LLVM_DEFAULTS);
        List<String> recorded = recorded("a.o");

        CheckResult lld15 = LinkCheck.run(imports, set.flagsByModule(), LldVersion.parse("15.0.6").orElseThrow());
        assertEquals(recorded, lld15.flagsAfterImport().get("a.o").stream().map(ModuleFlag::llvmText).toList());
        assertEquals(List.of(), lld15.warnings(), "lld 15 changes nothing: Max(2, 1) is a.o's own 2");

        CheckResult lld20 = LinkCheck.run(imports, set.flagsByModule(), LldVersion.BUNDLED);
        assertEquals("!{i32 8, !\"PIC Level\", i32 1}", lld20.flagsAfterImport().get("a.o").stream()
                .filter(f -> f.key().equals("PIC Level")).findFirst().orElseThrow().llvmText());
        assertEquals(1, lld20.warnings().size());
        assertEquals(SilentChange.Kind.CHANGED, lld20.warnings().get(0).kind());
    }

    private static List<String> recorded(String module) throws Exception {
        List<String> flags = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(Samples.dir("lld15-pic-level").resolve("expected/lld-post-import-flags.txt"))) {
            if (line.startsWith("== ")) {
                in = line.equals("== " + module);
            } else if (in && line.startsWith("!")) {
                flags.add(line.substring(line.indexOf("= ") + 2));
            }
        }
        return flags;
    }
}
