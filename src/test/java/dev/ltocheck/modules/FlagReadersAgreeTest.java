package dev.ltocheck.modules;

import dev.ltocheck.bitcode.ModuleFlagsDecoder;
import dev.ltocheck.bitcode.SummaryDecoder;
import dev.ltocheck.flags.FlagTreeBuilder;
import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.support.LlvmDisMetadata;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one flag value tree: LLVM's C API reader and ltocheck's own bitcode reader give equal
 * {@link ModuleFlag} trees for every sample member and for hand-written modules with every value
 * shape (i1, i64, strings with escapes, nodes, nested and distinct nodes, null) and behaviours 1-8,
 * and the trees print exactly as llvm-dis prints {@code !llvm.module.flags}.
 */
class FlagReadersAgreeTest {
    static final Path VALUES = Path.of("src/test/resources/flag-values").toAbsolutePath();

    /** Modules whose flags both readers can name in full (no constants other than integers, no cycles). */
    static final List<String> PLAIN = List.of("values.bc", "summary.bc", "main.bc", "bad-append-int.bc",
            "bad-max-string.bc", "bad-min-node.bc", "bad-min-negative.bc", "bad-require-single.bc");

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#ALL")
    void bothReadersGiveEqualTreesOnEverySampleMember(String scenario) throws Exception {
        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(Samples.dir(scenario), Samples.archives(scenario)), 2);
        Map<String, List<String>> texts = new LinkedHashMap<>();
        try (BitcodeLoader loader = new BitcodeLoader()) {
            for (LoadedObject.BitcodeModule m : set.bitcode()) {
                List<ModuleFlag> own = OwnFlags.read(m.input().bytes(), m.summary());
                List<ModuleFlag> llvm = loader.load(direct(m.input().bytes()), m.id().lldName()).flags();
                assertEquals(llvm, own, m.id().lldName());
                texts.put(m.id().archive() + " " + m.id().member(), own.stream().map(ModuleFlag::llvmText).toList());
            }
        }
        assertFalse(texts.isEmpty());
        assertEquals(LlvmDisMetadata.moduleFlags(Samples.golden(scenario, "module-flags.txt")), texts);
    }

    @ParameterizedTest
    @FieldSource("PLAIN")
    void bothReadersGiveEqualTreesThatPrintAsLlvmDisPrints(String file) throws Exception {
        List<ModuleFlag> llvm = llvmFlags(file);
        assertEquals(llvm, ownFlags(file));
        assertEquals(llvmDis(file), llvm.stream().map(ModuleFlag::llvmText).toList());
    }

    @Test
    void handWrittenValuesCoverEveryShapeAndBehaviour() throws Exception {
        List<ModuleFlag> flags = llvmFlags("values.bc");
        Set<Integer> behaviours = flags.stream().map(ModuleFlag::behavior).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8), behaviours);
        assertEquals(new FlagValue.Int(1, 1), value(flags, "i1-true"));
        assertEquals(new FlagValue.Int(1, 0), value(flags, "i1-false"));
        assertEquals(new FlagValue.Int(64, Long.MIN_VALUE), value(flags, "i64-min"));
        assertEquals(new FlagValue.Int(8, -128), value(flags, "i8-neg"));
        assertEquals(new FlagValue.Str(new byte[]{'a', '"', 'q'}), ((FlagValue.Node) value(flags, "append")).operands().get(0));
        assertEquals(new FlagValue.Node(List.of(FlagValue.Str.of("a\"q"), new FlagValue.Int(1, 1), new FlagValue.Int(32, -1),
                new FlagValue.Null())), value(flags, "append"));
        assertEquals("!{i32 4, !\"escaped\", !\"back\\\\slash \\22quoted\\22 tab\\09 nl\\0A del\\7F nul\\00 utf8 \\C3\\A9"
                + " raw\\FF end\"}", flags.stream().filter(f -> f.key().equals("escaped")).findFirst().orElseThrow().llvmText());
    }

    @Test
    void pointersAreNamedByLlvmAndMarkedByOurReaderFloatsByBoth() throws Exception {
        List<ModuleFlag> llvm = llvmFlags("constants.bc");
        assertEquals(llvmDis("constants.bc"), llvm.stream().map(ModuleFlag::llvmText).toList());
        List<ModuleFlag> marked = llvm.stream().map(f -> new ModuleFlag(f.behavior(), f.key(), undecoded(f.value()))).toList();
        assertEquals(marked, ownFlags("constants.bc"));
    }

    @Test
    void aCyclicValueIsDamagedAlikeInBothReaders() throws Exception {
        List<ModuleFlag> llvm = llvmFlags("bad-cyclic.bc");
        assertEquals(llvm, ownFlags("bad-cyclic.bc"));
        FlagValue.Damaged cycle = new FlagValue.Damaged(FlagTreeBuilder.CYCLE);
        assertEquals(cycle, value(llvm, "cyc"));
        assertEquals("!{i32 1, !\"cyc\", <" + FlagTreeBuilder.CYCLE + ">}",
                llvm.stream().filter(f -> f.key().equals("cyc")).findFirst().orElseThrow().llvmText());
    }

    private static FlagValue undecoded(FlagValue v) {
        if (v instanceof FlagValue.Constant c && !c.text().startsWith("double ") && !c.text().startsWith("float ")) {
            return new FlagValue.Constant(ModuleFlagsDecoder.UNDECODED_CONSTANT);
        }
        if (v instanceof FlagValue.Node n) {
            return new FlagValue.Node(n.operands().stream().map(FlagReadersAgreeTest::undecoded).toList());
        }
        return v;
    }

    private static FlagValue value(List<ModuleFlag> flags, String key) {
        return flags.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow().value();
    }

    static List<ModuleFlag> llvmFlags(String file) throws Exception {
        try (BitcodeLoader loader = new BitcodeLoader()) {
            return loader.load(direct(ByteBuffer.wrap(Files.readAllBytes(VALUES.resolve(file)))), file).flags();
        }
    }

    static List<ModuleFlag> ownFlags(String file) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(VALUES.resolve(file)));
        return OwnFlags.read(bytes, SummaryDecoder.read(bytes.duplicate()));
    }

    /** What the bundled llvm-dis prints for the module's flags, numbered nodes written inline. */
    static List<String> llvmDis(String file) {
        String text = Tools.check(VALUES, "llvm-dis", file, "-o", "-");
        List<String> lines = new ArrayList<>();
        lines.add("== " + file);
        text.lines().filter(l -> l.startsWith("!")).forEach(lines::add);
        List<String> flags = LlvmDisMetadata.moduleFlags(lines).get(file);
        assertTrue(flags != null && !flags.isEmpty(), file);
        return flags;
    }

    private static ByteBuffer direct(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocateDirect(bytes.remaining());
        copy.put(bytes.duplicate()).flip();
        return copy;
    }
}
