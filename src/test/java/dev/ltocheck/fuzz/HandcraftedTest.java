package dev.ltocheck.fuzz;

import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.ltocheck.bitcode.BitcodeIds.CST_CODE_CE_BINOP;
import static dev.ltocheck.bitcode.BitcodeIds.CST_CODE_CE_CAST;
import static dev.ltocheck.bitcode.BitcodeIds.METADATA_DISTINCT_NODE;
import static dev.ltocheck.bitcode.BitcodeIds.METADATA_NODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handcrafted classes are what they are named: flags as llvm-dis prints them, chains and
 * constant cycles as the records say (never given to LLVM here: some of them end the process).
 * The longest chains and the million records take their recipe from the same code and are left
 * to the campaign, which builds them.
 */
class HandcraftedTest {
    @TempDir
    static Path dir;
    private static Map<String, byte[]> built;

    @BeforeAll
    static void build() throws Exception {
        Handcrafted.build(dir, name -> !name.equals("records-1e6") && !name.endsWith("-30000")
                && !name.endsWith("-100000"));
        built = Handcrafted.load(dir);
    }

    @Test
    void flagsHaveTheKindsTheirNamesSay() {
        assertFlag("flag-append-int", "!{i32 5, !\"fuzz.append\", i32 1}");
        assertFlag("flag-max-string", "!{i32 7, !\"fuzz.max\", !\"x\"}");
        assertFlag("flag-min-node", "!{i32 8, !\"fuzz.min\", !");
        assertFlag("flag-behavior-99", "!{i32 99, !\"fuzz.behavior\", i32 1}");
        String cyclic = llvmDis("flag-cyclic-k2");
        assertTrue(cyclic.matches("(?s).*!(\\d+) = distinct !\\{!\\1, !\\1}.*"), cyclic);
    }

    @Test
    void chainsAreUniquedNodesOneDeep() {
        for (int n : List.of(1_000, 3_000, 10_000)) {
            RecordMap map = RecordMap.of(built.get("chain-named-" + n));
            assertEquals(List.of(), map.find(RecordMap.METADATA_BLOCK, METADATA_DISTINCT_NODE), "no distinct node left");
            List<RecordMap.Rec> nodes = map.find(RecordMap.METADATA_BLOCK, METADATA_NODE);
            long oneOperand = nodes.stream().filter(r -> r.values().length == 1).count();
            assertTrue(oneOperand >= n, n + " chain nodes, found " + oneOperand);
            assertEquals(n, RecordMap.of(built.get("chain-distinct-" + n)).find(RecordMap.METADATA_BLOCK, METADATA_DISTINCT_NODE).size());
        }
    }

    @Test
    void constantExpressionsReferToThemselves() {
        RecordMap add = RecordMap.of(built.get("const-add-self"));
        RecordMap.Rec binop = add.find(RecordMap.CONSTANTS_BLOCK, CST_CODE_CE_BINOP).get(0);
        assertEquals(add.valueIdOf(binop), binop.values()[1]);

        RecordMap two = RecordMap.of(built.get("const-two-cycle"));
        List<RecordMap.Rec> binops = two.find(RecordMap.CONSTANTS_BLOCK, CST_CODE_CE_BINOP);
        assertEquals(two.valueIdOf(binops.get(1)), binops.get(0).values()[1]);
        assertEquals(two.valueIdOf(binops.get(0)), binops.get(1).values()[1]);

        for (String name : List.of("const-cast-self", "const-cast-self-typed")) {
            RecordMap cast = RecordMap.of(built.get(name));
            RecordMap.Rec c = cast.find(RecordMap.CONSTANTS_BLOCK, CST_CODE_CE_CAST).get(0);
            assertEquals(cast.valueIdOf(c), c.values()[2], name);
        }
        RecordMap typed = RecordMap.of(built.get("const-cast-self-typed"));
        assertEquals(typed.integerType(64), typed.find(RecordMap.CONSTANTS_BLOCK, CST_CODE_CE_CAST).get(0).values()[1]);
    }

    private static void assertFlag(String name, String flag) {
        String ir = llvmDis(name);
        assertTrue(ir.contains(flag), ir);
    }

    private static String llvmDis(String name) {
        Tools.Result dis = Tools.run(dir, "llvm-dis", name + ".o", "-o", "-");
        assertEquals(0, dis.exitCode(), dis.stderr());
        return dis.stdout();
    }
}
