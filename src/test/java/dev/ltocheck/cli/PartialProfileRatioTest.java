package dev.ltocheck.cli;

import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LLVM sets a partial sample profile's PartialProfileRatio on import, in both modules
 * (Module::setPartialSampleProfileRatio), so two modules written with different ratios of one partial
 * profile link; a whole profile is left as written, and the same difference fails. Both links made
 * by the bundled ld.lld and predicted by ltocheck (src/test/resources/profile-summary/*.ll: a.ll
 * imports helper from b.ll, the summaries differ only in PartialProfileRatio).
 */
class PartialProfileRatioTest {
    static final Path LL = Path.of("src/test/resources/profile-summary").toAbsolutePath();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"partial, 0", "whole, 1"})
    void ltocheckAgreesWithLldOnRatiosLlvmSetsOnImport(String kind, int lldExit) throws IOException {
        for (String side : new String[]{"a", "b"}) {
            Files.copy(LL.resolve(kind + "-" + side + ".ll"), dir.resolve(side + ".ll"));
            Tools.check(dir, "clang", "-flto=thin", "-O2", "-c", "-Wno-override-module", side + ".ll", "-o", side + ".o");
        }
        Tools.Result lld = Tools.run(dir, "ld.lld", "-r", "-o", "out.o", "a.o", "b.o");
        assertEquals(lldExit, lld.exitCode(), lld.stderr());
        CliRunner.Run run = CliRunner.run("check", "--lld-lines", dir.resolve("a.o").toString(), dir.resolve("b.o").toString());
        assertEquals(lldExit, run.exitCode(), run.out() + run.err());
        assertEquals(lld.stderr().lines().filter(l -> l.startsWith("ld.lld: error:")).count(),
                run.out().lines().filter(l -> l.startsWith("ld.lld: error:")).count(), run.out());
        if (lldExit == 1) {
            assertTrue(lld.stderr().contains("'ProfileSummary'"), lld.stderr());
        }
    }

    /**
     * The ratio ltocheck models in each ThinLTO module is the one ld.lld writes there after import
     * (--save-temps: X.o.3.import.bc, read by llvm-dis), with ThinLTO modules alone and in a mixed
     * link where a full-LTO module with the same partial profile (partial-full.ll, 5 blocks) adds
     * its block count to the combined index (LTO::addModule reads its summary into it): the ratio
     * goes from 2/200 to 7/200 there. The test takes the value from llvm-dis, never recomputes it.
     */
    @ParameterizedTest
    @CsvSource({"false, double 1.000000e-02", "true, double 3.500000e-02"})
    void theRatioIsTheOneLldWritesAfterImport(boolean mixed, String lldWrites) throws Exception {
        java.util.List<String> objects = new java.util.ArrayList<>(java.util.List.of("a.o", "b.o"));
        for (String side : new String[]{"a", "b"}) {
            Files.copy(LL.resolve("partial-" + side + ".ll"), dir.resolve(side + ".ll"));
            Tools.check(dir, "clang", "-flto=thin", "-O2", "-c", "-Wno-override-module", side + ".ll", "-o", side + ".o");
        }
        if (mixed) {
            Files.copy(LL.resolve("partial-full.ll"), dir.resolve("c.ll"));
            Tools.check(dir, "clang", "-flto", "-O0", "-c", "-Wno-override-module", "c.ll", "-o", "c.o");
            objects.add("c.o");
        }
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-r", "-o", "out.o", "--save-temps"));
        args.addAll(objects);
        Tools.check(dir, "ld.lld", args.toArray(String[]::new));
        var set = dev.ltocheck.modules.ModuleSetLoader.load(dev.ltocheck.input.InputCollector.collect(dir, objects), 1);
        var imports = dev.ltocheck.imports.ThinLink.run(set.thinModules(), dev.ltocheck.imports.LinkOptions.RELOCATABLE,
                dev.ltocheck.imports.ImportOptions.LLVM_DEFAULTS);
        assertEquals(mixed ? 1 : 0, imports.regular().size());
        var modelled = dev.ltocheck.check.LinkCheck.withImportRatios(imports, set.flagsByModule());
        for (String side : new String[]{"a", "b"}) {
            String imported = Tools.check(dir, "llvm-dis", "-o", "-", side + ".o.3.import.bc").lines()
                    .filter(l -> l.contains("\"PartialProfileRatio\"")).findFirst().orElseThrow();
            assertEquals("!{!\"PartialProfileRatio\", " + lldWrites + "}", imported.substring(imported.indexOf("!{")));
            String module = imports.modules().stream().map(m -> m.name()).filter(n -> n.endsWith(side + ".o"))
                    .findFirst().orElseThrow();
            var summary = dev.ltocheck.flags.ProfileSummary.of(modelled.get(module).stream()
                    .filter(f -> f.key().equals("ProfileSummary")).findFirst().orElseThrow().value()).orElseThrow();
            assertEquals(imported.substring(imported.indexOf("!{")), "!{!\"PartialProfileRatio\", "
                    + summary.field("PartialProfileRatio").orElseThrow().value().llvmText() + "}", module);
        }
    }
}
