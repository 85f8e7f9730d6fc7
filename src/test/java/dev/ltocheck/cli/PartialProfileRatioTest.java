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

    /** The ratio ltocheck sets is the one in lld's module after import (--save-temps: a.o.3.import.bc). */
    @org.junit.jupiter.api.Test
    void theRatioIsTheOneLldWritesAfterImport() throws Exception {
        for (String side : new String[]{"a", "b"}) {
            Files.copy(LL.resolve("partial-" + side + ".ll"), dir.resolve(side + ".ll"));
            Tools.check(dir, "clang", "-flto=thin", "-O2", "-c", "-Wno-override-module", side + ".ll", "-o", side + ".o");
        }
        Tools.check(dir, "ld.lld", "-r", "-o", "out.o", "a.o", "b.o", "--save-temps");
        String imported = Tools.check(dir, "llvm-dis", "-o", "-", "a.o.3.import.bc").lines()
                .filter(l -> l.contains("\"PartialProfileRatio\"")).findFirst().orElseThrow();
        var set = dev.ltocheck.modules.ModuleSetLoader.load(
                dev.ltocheck.input.InputCollector.collect(dir, java.util.List.of("a.o", "b.o")), 1);
        long blocks = set.bitcode().stream().mapToLong(m -> m.summary().blockCount()).sum();
        var summary = dev.ltocheck.flags.ProfileSummary.of(set.bitcode().get(0).facts().flags().stream()
                .filter(f -> f.key().equals("ProfileSummary")).findFirst().orElseThrow().value()).orElseThrow();
        String ours = summary.withImportRatio(blocks).field("PartialProfileRatio").orElseThrow().value().llvmText();
        assertTrue(imported.endsWith("!{!\"PartialProfileRatio\", " + ours + "}"), imported + " vs " + ours);
        assertTrue(!ours.equals("double 0.000000e+00"), ours);
    }
}
