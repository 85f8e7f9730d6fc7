package dev.ltocheck.bitcode;

import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.input.ObjectFormat;
import dev.ltocheck.summary.Guid;
import dev.ltocheck.summary.Linkage;
import dev.ltocheck.summary.ModuleSummary;
import dev.ltocheck.summary.SummaryDump;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our summary decoder against llvm-dis on every sample member. */
class SummaryDecoderTest {

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#THIN")
    void everyThinMemberDecodesExactlyAsLlvmDisPrintsIt(String scenario) throws Exception {
        Path dir = Samples.dir(scenario);
        Inputs inputs = InputCollector.collect(dir, List.of("vmlinux.a"));
        int compared = 0;
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (InputObject object : inputs.objects()) {
            if (object.format() != ObjectFormat.BITCODE) {
                continue;
            }
            String path = object.id().member();
            ModuleSummary summary = SummaryDecoder.read(object.bytes());
            assertEquals(ModuleSummary.Kind.THIN, summary.kind());
            // clang 14 and 16 write summary version 9, clang 19 version 10 (riscv-abi's init.o), clang 20 version 12
            assertEquals(summary.producer().startsWith("LLVM20") ? 12 : summary.producer().startsWith("LLVM19") ? 10 : 9,
                    summary.version(), summary.producer());
            expected.addAll(Tools.check(dir, "llvm-dis", "-o", "-", path).lines().filter(l -> l.startsWith("^")).toList());
            actual.addAll(SummaryDump.llvmDisLines(summary, path));
            compared++;
        }
        assertEquals(expected, actual);
        assertTrue(compared > 0);
        assertEquals(inputs.objects().stream().filter(o -> o.format() == ObjectFormat.BITCODE).count(), compared);
    }

    @Test
    void fullLtoModulesAreMarkedAsSuch() throws Exception {
        Inputs inputs = InputCollector.collect(Samples.dir("full-lto"), List.of("vmlinux.a"));
        for (InputObject object : inputs.objects()) {
            if (object.format() == ObjectFormat.BITCODE) {
                assertEquals(ModuleSummary.Kind.FULL_LTO, SummaryDecoder.read(object.bytes()).kind());
            }
        }
    }

    @Test
    void guidsAreLlvmsForGlobalsAndLocals() {
        // Values printed by llvm-dis for arch/x86/kernel/head64.o (see the sample's thinlto golden).
        assertEquals("8974887244124056612", Guid.text(Guid.of("page_offset_base")));
        assertEquals("13504243432774095410", Guid.text(Guid.of(Guid.globalIdentifier("next_early_pgt",
                Linkage.INTERNAL, "arch/x86/kernel/head64.c"))));
    }

    @Test
    void aNameThatIsNotUtf8IsHashedAsItsBytesAsLldDoes() throws Exception {
        // g\FE: one byte that is no UTF-8; its GUID in ld.lld's thin link, as llvm-dis prints a.o's index.
        Path dir = Path.of("src/test/resources/guid-bytes");
        String line = java.nio.file.Files.readString(dir.resolve("a.o.thinlto.txt"));
        java.util.regex.Matcher guid = java.util.regex.Pattern.compile("guid: (\\d+)").matcher(line);
        assertTrue(guid.find(), line);
        ModuleSummary summary = SummaryDecoder.read(java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(dir.resolve("a.o"))));
        long global = summary.symbols().stream().filter(s -> s.linkage() == Linkage.EXTERNAL)
                .mapToLong(dev.ltocheck.summary.Symbol::guid).findFirst().orElseThrow();
        assertEquals(guid.group(1), Guid.text(global)); // decoded and re-encoded, it was 16068558321584482112
    }
}
