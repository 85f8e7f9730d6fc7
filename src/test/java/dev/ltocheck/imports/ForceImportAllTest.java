package dev.ltocheck.imports;

import dev.ltocheck.input.InputCollector;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.report.ImportsLldFailuresRenderer;
import dev.ltocheck.support.ThinLinkGolden;
import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Under -force-import-all a callee that still cannot be imported (here: weak) ends its caller's
 * walk: LLVM logs "Failed to import function" and leaves the caller's remaining edges, so the
 * large function called after it is not imported. Checked against lld's own thin link.
 */
class ForceImportAllTest {
    @Test
    void aFailureLeavesTheCallersRemainingEdgesAsLldDoes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.c"), "int w(int);\nint big(int);\nint entry(int x) { x = w(x); return big(x) + 1; }\n");
        Files.writeString(dir.resolve("b.c"), "__attribute__((weak)) int w(int x) { return x + 1; }\n"
                + "int big(int x) { for (int i = 0; i < x; i++) x = x * 3 + i; return x; }\n");
        for (String f : List.of("a", "b")) {
            Tools.check(dir, "clang", "-O2", "-flto=thin", "--target=x86_64-linux-gnu", "-c", f + ".c", "-o", f + ".o");
        }
        Tools.Result lld = Tools.run(dir, "ld.lld", "-r", "-o", "out.o", "a.o", "b.o", "-mllvm", "-force-import-all",
                "-mllvm", "-print-import-failures", "--thinlto-index-only", "--thinlto-emit-imports-files");
        assertEquals(0, lld.exitCode(), lld.stderr());
        List<String> modules = ThinLinkGolden.collectThinLinkOutput(dir);

        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(dir, List.of("a.o", "b.o"), List.of()), 1);
        ImportOptions options = ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-force-import-all"));
        ImportResult result = ThinLink.run(set.thinModules(), LinkOptions.RELOCATABLE, options);
        assertEquals(Set.of(), ThinLinkGolden.importedPairs(dir, modules).get("a.o"), "lld imports nothing into a.o");
        assertEquals(List.of(), result.perModule().get(0).imports());
        assertEquals(ThinLinkGolden.importFailuresByModule(lld.stderr().lines().toList()),
                ThinLinkGolden.importFailuresByModule(ImportsLldFailuresRenderer.lines(result, options)));
    }
}
