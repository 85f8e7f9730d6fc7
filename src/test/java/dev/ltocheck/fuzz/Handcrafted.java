package dev.ltocheck.fuzz;

import dev.ltocheck.support.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.ltocheck.bitcode.BitcodeIds.CST_CODE_CE_BINOP;
import static dev.ltocheck.bitcode.BitcodeIds.CST_CODE_CE_CAST;
import static dev.ltocheck.bitcode.BitcodeIds.METADATA_DISTINCT_NODE;
import static dev.ltocheck.bitcode.BitcodeIds.METADATA_NODE;

/**
 * The handcrafted classes of issue 14: valid ThinLTO bitcode from the bundled clang (IR text
 * compiled with -flto=thin; clang does not verify IR it is given), then, for what IR text cannot
 * say (forward references between uniqued nodes, constant cycles), fields rewritten in place.
 * Each class is made once per campaign into a folder the shards read.
 */
final class Handcrafted {
    static final List<Integer> CHAIN_LENGTHS = List.of(1_000, 3_000, 10_000, 30_000, 100_000);
    private static final String HEADER = "target triple = \"x86_64-unknown-linux-gnu\"\n"
            + "define i32 @f() {\n  ret i32 1\n}\n";

    private Handcrafted() {
    }

    /** Builds the classes into the folder given: {@code java -cp ... dev.ltocheck.fuzz.Handcrafted DIR}. */
    public static void main(String[] args) throws IOException {
        for (String name : build(Path.of(args[0]))) {
            System.out.println(name);
        }
    }

    /** One handcrafted input: the IR it was compiled from, and the rewrite done after clang. */
    private record Recipe(String ir, UnaryOperator<byte[]> rewrite) {
    }

    /** Builds every class into {@code dir} as NAME.o; returns the names. */
    static List<String> build(Path dir) throws IOException {
        return build(dir, name -> true);
    }

    /** Builds the classes {@code wanted} names into {@code dir} as NAME.o; returns the names. */
    static List<String> build(Path dir, java.util.function.Predicate<String> wanted) throws IOException {
        Files.createDirectories(dir);
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Recipe> e : recipes().entrySet()) {
            if (!wanted.test(e.getKey())) {
                continue;
            }
            Path ll = dir.resolve(e.getKey() + ".ll");
            Path o = dir.resolve(e.getKey() + ".o");
            Files.writeString(ll, e.getValue().ir());
            Tools.Result clang = Tools.run(dir, "clang", "-c", "-flto=thin", "-Wno-override-module",
                    ll.getFileName().toString(), "-o", o.getFileName().toString());
            if (clang.exitCode() != 0) {
                throw new IllegalStateException("clang refused " + ll + ": " + clang.stderr());
            }
            Files.write(o, e.getValue().rewrite().apply(Files.readAllBytes(o)));
            Files.delete(ll);
            names.add(e.getKey());
        }
        return names;
    }

    /** The handcrafted inputs {@link #build} left in {@code dir}, by name, in name order. */
    static Map<String, byte[]> load(Path dir) {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".o")).sorted().toList()) {
                String name = p.getFileName().toString();
                inputs.put(name.substring(0, name.length() - 2), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inputs;
    }

    private static Map<String, Recipe> recipes() {
        Map<String, Recipe> recipes = new LinkedHashMap<>();
        // Flags whose value is of a kind LLVM's verifier forbids for their behaviour.
        recipes.put("flag-append-int", flags("!{i32 5, !\"fuzz.append\", i32 1}"));
        recipes.put("flag-appendunique-int", flags("!{i32 6, !\"fuzz.appendunique\", i32 7}"));
        recipes.put("flag-max-string", flags("!{i32 7, !\"fuzz.max\", !\"x\"}"));
        recipes.put("flag-min-node", flags("!{i32 8, !\"fuzz.min\", !99}\n!99 = !{i32 1}"));
        recipes.put("flag-require-int", flags("!{i32 3, !\"fuzz.require\", i32 1}"));
        recipes.put("flag-behavior-99", flags("!{i32 99, !\"fuzz.behavior\", i32 1}"));
        recipes.put("flag-key-int", flags("!{i32 1, i32 5, i32 1}"));
        // A flag value that is a cycle: K operands, each the node itself.
        for (int k : List.of(2, 4, 8)) {
            recipes.put("flag-cyclic-k" + k, flags("!{i32 5, !\"fuzz.cyclic\", !99}\n!99 = distinct !{"
                    + String.join(", ", java.util.Collections.nCopies(k, "!99")) + "}"));
        }
        // Metadata chains, each node's one operand the next node. clang writes a distinct chain
        // last node first: the first record refers forward to the end of the chain, every other one
        // to the record before it. Rewriting DISTINCT_NODE to NODE keeps that order for uniqued
        // nodes, which LLVM's own writer would order operands first; LLVM's lazy loader then
        // resolves the chain one native stack frame per node. The distinct chains stay as written.
        for (int n : CHAIN_LENGTHS) {
            recipes.put("chain-named-" + n, new Recipe(chain(n, false), Handcrafted::uniqueNodes));
            recipes.put("chain-in-flag-" + n, new Recipe(chain(n, true), Handcrafted::uniqueNodes));
            recipes.put("chain-distinct-" + n, new Recipe(chain(n, false), UnaryOperator.identity()));
        }
        // Constant-expression cycles in global initialisers.
        recipes.put("const-add-self", new Recipe(HEADER + "@g = global i64 0\n"
                + "@a = global i64 add (i64 ptrtoint (ptr @g to i64), i64 1)\n", Handcrafted::addOfItself));
        recipes.put("const-two-cycle", new Recipe(HEADER + "@g = global i64 0\n"
                + "@a = global i64 add (i64 ptrtoint (ptr @g to i64), i64 1)\n"
                + "@b = global i64 add (i64 ptrtoint (ptr @g to i64), i64 2)\n", Handcrafted::twoCycle));
        recipes.put("const-cast-self", new Recipe(HEADER + "@g = global i64 0\n"
                + "@c = global i64 ptrtoint (ptr @g to i64)\n", b -> castOfItself(b, false)));
        recipes.put("const-cast-self-typed", new Recipe(HEADER + "@g = global i64 0\n"
                + "@c = global i64 ptrtoint (ptr @g to i64)\n", b -> castOfItself(b, true)));
        // A million records in one block: metadata nodes under one named node.
        recipes.put("records-1e6", new Recipe(manyNodes(1_000_000), UnaryOperator.identity()));
        return recipes;
    }

    private static Recipe flags(String flag) {
        return new Recipe(HEADER + "!llvm.module.flags = !{!0, !1}\n!0 = !{i32 1, !\"wchar_size\", i32 4}\n!1 = "
                + flag + "\n", UnaryOperator.identity());
    }

    private static String chain(int n, boolean inFlag) {
        StringBuilder ir = new StringBuilder(HEADER);
        if (inFlag) {
            ir.append("!llvm.module.flags = !{!").append(n + 1).append("}\n!").append(n + 1)
                    .append(" = !{i32 5, !\"fuzz.chain\", !0}\n");
        } else {
            ir.append("!fuzz.chain = !{!0}\n");
        }
        for (int i = 0; i < n; i++) {
            ir.append('!').append(i).append(" = distinct !{!").append(i + 1).append("}\n");
        }
        return ir.append('!').append(n).append(" = !{!\"end\"}\n").toString();
    }

    private static String manyNodes(int n) {
        StringBuilder ir = new StringBuilder(HEADER).append("!fuzz.many = !{");
        for (int i = 0; i < n; i++) {
            ir.append(i == 0 ? "!" : ", !").append(i);
        }
        ir.append("}\n");
        for (int i = 0; i < n; i++) {
            ir.append('!').append(i).append(" = distinct !{i32 ").append(i % 64).append("}\n");
        }
        return ir.toString();
    }

    /** Every DISTINCT_NODE (code 5) of the metadata block becomes a NODE (code 3): same width. */
    private static byte[] uniqueNodes(byte[] bitcode) {
        byte[] out = bitcode.clone();
        List<RecordMap.Rec> distinct = RecordMap.of(bitcode).find(RecordMap.METADATA_BLOCK, METADATA_DISTINCT_NODE);
        for (RecordMap.Rec r : distinct) {
            if (r.abbreviated()) {
                throw new IllegalStateException("abbreviated DISTINCT_NODE");
            }
            RecordMap.writeSmallVbr6(out, r.codeBit(), 5, 3);
        }
        check(out, m -> m.find(RecordMap.METADATA_BLOCK, METADATA_NODE).size() >= distinct.size());
        return out;
    }

    /** CE_BINOP (code 10: opcode, lhs, rhs): lhs becomes the expression itself. */
    private static byte[] addOfItself(byte[] bitcode) {
        RecordMap map = RecordMap.of(bitcode);
        RecordMap.Rec add = binops(map).get(0);
        byte[] out = bitcode.clone();
        long self = map.valueIdOf(add);
        RecordMap.writeSmallVbr6(out, add.opBits()[1], add.values()[1], self);
        check(out, m -> binops(m).get(0).values()[1] == self);
        return out;
    }

    /** Two CE_BINOPs, each the other's lhs. */
    private static byte[] twoCycle(byte[] bitcode) {
        RecordMap map = RecordMap.of(bitcode);
        List<RecordMap.Rec> adds = binops(map);
        RecordMap.Rec a = adds.get(0);
        RecordMap.Rec b = adds.get(1);
        byte[] out = bitcode.clone();
        RecordMap.writeSmallVbr6(out, a.opBits()[1], a.values()[1], map.valueIdOf(b));
        RecordMap.writeSmallVbr6(out, b.opBits()[1], b.values()[1], map.valueIdOf(a));
        check(out, m -> binops(m).get(0).values()[1] == map.valueIdOf(b)
                && binops(m).get(1).values()[1] == map.valueIdOf(a));
        return out;
    }

    /**
     * CE_CAST (code 11, abbreviated as [Fixed(4) opcode, Fixed(type bits) type, VBR8 value]): the
     * value becomes the cast itself; {@code typed}: its source type becomes the cast's own (i64).
     */
    private static byte[] castOfItself(byte[] bitcode, boolean typed) {
        RecordMap map = RecordMap.of(bitcode);
        RecordMap.Rec cast = map.find(RecordMap.CONSTANTS_BLOCK, CST_CODE_CE_CAST).get(0);
        long self = map.valueIdOf(cast);
        if (!cast.abbreviated() || cast.values()[2] >= 128 || self >= 128) {
            throw new IllegalStateException("CE_CAST not laid out as expected");
        }
        byte[] out = bitcode.clone();
        RecordMap.write(out, cast.endBit() - 8, 8, self);
        long i64 = map.integerType(64);
        if (typed) {
            RecordMap.write(out, cast.endBit() - 8 - map.typeBits(), map.typeBits(), i64);
        }
        check(out, m -> {
            long[] v = m.find(RecordMap.CONSTANTS_BLOCK, CST_CODE_CE_CAST).get(0).values();
            return v[2] == self && (!typed || v[1] == i64);
        });
        return out;
    }

    private static List<RecordMap.Rec> binops(RecordMap map) {
        return map.find(RecordMap.CONSTANTS_BLOCK, CST_CODE_CE_BINOP);
    }

    /** A rewrite must read back as meant; else the generator, not ltocheck, is wrong. */
    private static void check(byte[] rewritten, java.util.function.Predicate<RecordMap> meant) {
        if (!meant.test(RecordMap.of(rewritten))) {
            throw new IllegalStateException("rewrite did not read back as meant: " + Arrays.hashCode(rewritten));
        }
    }
}
