package dev.ltocheck.modules;

import dev.ltocheck.input.InputCollector;
import dev.ltocheck.support.BitcodeRecords;
import dev.ltocheck.support.BitcodeRecords.Rec;
import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.ltocheck.bitcode.BitcodeIds.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs on which libLLVM grows without bound (its stack, its heap) never reach it, or reach it
 * on a thread whose stack holds them: each is read or is one problem line, and the JVM lives on.
 * The inputs are real bitcode from the bundled clang, with single fields rewritten in place.
 */
class LlvmContainmentTest {
    /** Metadata strings ahead of the chain: every node id then takes four VBR6 chunks, room to point anywhere. */
    private static final int PAD_STRINGS = 33_000;

    @TempDir
    Path dir;

    private ModuleSet load(String... names) {
        return ModuleSetLoader.load(InputCollector.collect(dir, List.of(names)), 2);
    }

    /**
     * A module whose named node {@code !named} starts a chain of {@code length} uniqued nodes, each
     * referring to the next, defined later (a forward reference), the last to a string. LLVM's
     * writer never writes this (it puts operands first); the chain is written as flat distinct
     * nodes, then each record is made uniqued and pointed at the next.
     */
    private Path forwardChain(int length) throws IOException {
        StringBuilder ll = new StringBuilder("target triple = \"x86_64-unknown-linux-gnu\"\n")
                .append("define i32 @f() { ret i32 0 }\n")
                .append("!llvm.module.flags = !{!0}\n!0 = !{i32 1, !\"wchar_size\", i32 4}\n")
                .append("!pad = !{!1}\n!1 = !{");
        for (int i = 0; i < PAD_STRINGS; i++) {
            ll.append(i == 0 ? "" : ", ").append("!\"p").append(i).append('"');
        }
        // Every chain node named, or the writer drops it; the first name is repointed at the chain's start.
        ll.append("}\n!named = !{");
        for (int i = 0; i < length; i++) {
            ll.append(i == 0 ? "" : ", ").append('!').append(i + 2);
        }
        ll.append("}\n");
        for (int i = 0; i < length; i++) {
            ll.append('!').append(i + 2).append(" = distinct !{!1}\n");
        }
        Path source = dir.resolve("chain" + length + ".ll");
        Files.writeString(source, ll);
        String raw = "chain" + length + ".raw.o";
        Tools.check(dir, "clang", "-flto=thin", "-c", source.getFileName().toString(), "-o", raw);
        byte[] bitcode = Files.readAllBytes(dir.resolve(raw));

        long id = 0;
        List<Rec> chain = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        Rec named = null;
        for (Rec r : BitcodeRecords.read(bitcode)) {
            if (r.blockId() != METADATA_BLOCK || r.parentBlockId() != MODULE_BLOCK) {
                continue;
            }
            long code = r.code().value();
            if (code == METADATA_STRINGS) { // [count, offset]
                id += r.op(0);
            } else if (code == METADATA_VALUE || code == METADATA_NODE) {
                id++;
            } else if (code == METADATA_DISTINCT_NODE) {
                chain.add(r);
                ids.add(id++);
            } else if (code == METADATA_NAMED_NODE && r.operands().size() == length) {
                named = r;
            }
        }
        assertEquals(length, chain.size());
        for (int k = 0; k < length; k++) {
            Rec r = chain.get(k);
            BitcodeRecords.set(bitcode, r.code(), 3); // DISTINCT_NODE -> NODE
            long to = k + 1 < length ? ids.get(k + 1) : PAD_STRINGS - 1; // the next node, or a string
            BitcodeRecords.set(bitcode, r.operands().get(0), to + 1);
        }
        BitcodeRecords.set(bitcode, named.operands().get(0), ids.get(0));
        Path out = dir.resolve("chain" + length + ".o");
        Files.write(out, bitcode);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 10_000})
    @Timeout(120)
    void forwardMetadataChainsWithinTheBoundAreReadByLlvm(int length) throws IOException {
        Path chain = forwardChain(length);
        // llvm-dis reads it too: the module is valid, only written in an order LLVM never writes.
        assertEquals(0, Tools.run(dir, "llvm-dis", chain.getFileName().toString(), "-o", "/dev/null").exitCode());
        ModuleSet set = load(chain.getFileName().toString());
        assertEquals(List.of(), set.problems());
        assertEquals(1, set.bitcode().size());
        assertEquals("wchar_size", set.bitcode().get(0).facts().flags().get(0).key());
    }

    /** Deeper than a loader thread's stack holds (measured: 200,000 overflow 64 MiB): one line, never a crash. */
    @Test
    @Timeout(180)
    void aForwardMetadataChainPastTheBoundIsOneLineAndTheRestIsRead() throws IOException {
        Path chain = forwardChain(100_000);
        Files.copy(Path.of("bitcode-samples/x86-pie/mm/numa.o"), dir.resolve("numa.o"));
        ModuleSet set = load(chain.getFileName().toString(), "numa.o");
        assertEquals(1, set.bitcode().size());
        assertEquals(1, set.problems().size());
        // The last node refers to a string, read before it: resolved at once, it starts the recursion.
        assertEquals("not valid bitcode, not given to LLVM: MODULE_BLOCK > METADATA_BLOCK: a chain of 99999"
                        + " metadata nodes that refer forward (LLVM resolves it recursively; at most 50000 are read)",
                set.problems().get(0).message());
    }

    /**
     * {@code @g = global i64 sub (i64 xor (i64 ptrtoint (ptr @g to i64), i64 5), i64 7)}: globals
     * @g (0) and @f (1), then constants ptrtoint (2), 5 (3), xor (4), 7 (5), sub (6).
     */
    private byte[] constantsModule() throws IOException {
        Files.writeString(dir.resolve("cst.ll"), """
                target triple = "x86_64-unknown-linux-gnu"
                @g = global i64 sub (i64 xor (i64 ptrtoint (ptr @g to i64), i64 5), i64 7)
                define i64 @f() {
                  %v = load i64, ptr @g
                  ret i64 %v
                }
                """);
        Tools.check(dir, "clang", "-flto=thin", "-c", "cst.ll", "-o", "cst.o");
        return Files.readAllBytes(dir.resolve("cst.o"));
    }

    /** The records of the module's constants block that define a value (all but SETTYPE), in order. */
    private static List<Rec> constants(byte[] bitcode) {
        return BitcodeRecords.read(bitcode).stream()
                .filter(r -> r.blockId() == CONSTANTS_BLOCK && r.parentBlockId() == MODULE_BLOCK
                        && r.code().value() != CST_CODE_SETTYPE)
                .toList();
    }

    private String loadsAsOneLine(String name, byte[] bitcode) throws IOException {
        Files.write(dir.resolve(name), bitcode);
        Files.copy(Path.of("bitcode-samples/x86-pie/mm/numa.o"), dir.resolve("numa.o"));
        ModuleSet set = load(name, "numa.o");
        assertEquals(1, set.bitcode().size(), "the other module is still read");
        assertEquals(1, set.problems().size());
        assertEquals(name, set.problems().get(0).subject());
        return set.problems().get(0).message();
    }

    @Test
    void theUnpatchedConstantsModuleIsRead() throws IOException {
        byte[] bitcode = constantsModule();
        List<Rec> cs = constants(bitcode);
        assertEquals(List.of(11L, 4L, 10L, 4L, 10L), cs.subList(0, 5).stream().map(r -> r.code().value()).toList());
        Files.write(dir.resolve("valid.o"), bitcode);
        assertEquals(List.of(), load("valid.o").problems());
    }

    @Test
    @Timeout(60)
    void aBinaryOperatorThatIsItsOwnOperandNeverReachesLlvm() throws IOException {
        byte[] bitcode = constantsModule();
        Rec sub = constants(bitcode).get(4);
        BitcodeRecords.set(bitcode, sub.operands().get(1), 6); // sub (sub ..., 7)
        assertEquals("not valid bitcode, not given to LLVM: MODULE_BLOCK > CONSTANTS_BLOCK: constant 6 is its own"
                + " operand (LLVM's reader would allocate until it runs out of memory)", loadsAsOneLine("self.o", bitcode));
    }

    @Test
    @Timeout(60)
    void twoConstantExpressionsThatAreEachOthersOperandNeverReachLlvm() throws IOException {
        byte[] bitcode = constantsModule();
        Rec xor = constants(bitcode).get(2);
        BitcodeRecords.set(bitcode, xor.operands().get(1), 6); // xor (sub (xor ...), 5)
        assertEquals("not valid bitcode, not given to LLVM: MODULE_BLOCK > CONSTANTS_BLOCK: constant 4 is its own"
                        + " operand through a cycle of 2 constants (via 6; LLVM's reader would allocate until it runs"
                        + " out of memory)", loadsAsOneLine("two.o", bitcode));
    }

    @Test
    @Timeout(60)
    void aCastOfItselfNeverReachesLlvm() throws IOException {
        byte[] bitcode = constantsModule();
        Rec cast = constants(bitcode).get(0);
        BitcodeRecords.set(bitcode, cast.operands().get(2), 2); // ptrtoint (ptrtoint ...)
        assertEquals("not valid bitcode, not given to LLVM: MODULE_BLOCK > CONSTANTS_BLOCK: constant 2 is its own"
                + " operand (LLVM's reader would allocate until it runs out of memory)", loadsAsOneLine("cast.o", bitcode));
    }

    /**
     * {@code @h = global { ptr, ptr } { ptr getelementptr (i8, ptr @g, i64 8), ptr @g }}: globals @g (0)
     * and @h (1); constants 8 (2), 1 (3), null (4), the GEP (5), null (6), the struct (7). The GEP's
     * base rewritten to the struct holding it: a cycle through an aggregate and a GEP's value operand.
     */
    @Test
    @Timeout(60)
    void aGepBasedOnTheAggregateHoldingItNeverReachesLlvm() throws IOException {
        Files.writeString(dir.resolve("gep.ll"), """
                target triple = "x86_64-unknown-linux-gnu"
                @g = global [4 x i64] zeroinitializer
                @h = global { ptr, ptr } { ptr getelementptr (i8, ptr @g, i64 8), ptr @g }
                """);
        Tools.check(dir, "clang", "-flto=thin", "-c", "gep.ll", "-o", "gep.raw.o");
        byte[] bitcode = Files.readAllBytes(dir.resolve("gep.raw.o"));
        Files.write(dir.resolve("gep-valid.o"), bitcode);
        assertEquals(List.of(), load("gep-valid.o").problems());
        Rec gep = constants(bitcode).get(3);
        assertEquals(32, gep.code().value()); // CE_GEP: [pointee type, flags, (type, value)...]
        assertEquals(0, gep.op(3)); // based on @g
        BitcodeRecords.set(bitcode, gep.operands().get(3), 7);
        assertEquals("not valid bitcode, not given to LLVM: MODULE_BLOCK > CONSTANTS_BLOCK: constant 5 is its own"
                        + " operand through a cycle of 2 constants (via 7; LLVM's reader would allocate until it runs"
                        + " out of memory)", loadsAsOneLine("gep.o", bitcode));
    }

    /** A forward reference to a constant defined later is legal: not a cycle. */
    @Test
    void aForwardReferenceToALaterConstantIsRead() throws IOException {
        byte[] bitcode = constantsModule();
        Rec xor = constants(bitcode).get(2);
        BitcodeRecords.set(bitcode, xor.operands().get(2), 5); // xor (ptrtoint @g, 7): 7 is defined after the xor
        Files.write(dir.resolve("forward.o"), bitcode);
        ModuleSet set = load("forward.o");
        assertEquals(List.of(), set.problems());
        assertTrue(Tools.check(dir, "llvm-dis", "forward.o", "-o", "-").contains("xor (i64 ptrtoint (ptr @g to i64), i64 7)"));
    }
}
