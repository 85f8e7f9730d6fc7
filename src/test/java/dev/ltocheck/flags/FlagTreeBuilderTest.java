package dev.ltocheck.flags;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every walk over a flag value is bounded: cycles, depth and shared subtrees that expand exponentially. */
class FlagTreeBuilderTest {
    /** Node i has `width` operands, all node i+1; the last node is i32 7 (or, with cyclic, node 0). */
    private record Chain(int length, int width, boolean cyclic) implements FlagTreeBuilder.Graph<Integer> {
        @Override
        public FlagValue leaf(Integer ref) {
            return ref == length ? new FlagValue.Int(32, 7) : null;
        }

        @Override
        public Object identity(Integer ref) {
            return ref;
        }

        @Override
        public int operandCount(Integer tuple) {
            return width;
        }

        @Override
        public List<Integer> operands(Integer tuple) {
            int next = cyclic && tuple == length - 1 ? 0 : tuple + 1;
            return java.util.Collections.nCopies(width, next);
        }
    }

    @Test
    void aNodeThatContainsItselfMakesTheValueDamaged() {
        FlagValue v = FlagTreeBuilder.build(new Chain(1, 4, true), 0);
        FlagValue.Damaged cycle = new FlagValue.Damaged(FlagTreeBuilder.CYCLE);
        assertEquals(cycle, v);
    }

    @Test
    void sharingThatDoublesAtEveryLevelStopsAtTheItemLimit() {
        FlagValue v = FlagTreeBuilder.build(new Chain(40, 2, false), 0); // 2^40 leaves if expanded
        assertTrue(v.damaged());
        assertTrue(v.damage().why().startsWith("more than " + FlagValue.Limits.MAX_ITEMS), v.damage().why());
        assertEquals("<more than " + FlagValue.Limits.MAX_ITEMS + " nodes and leaves>", v.llvmText());
    }

    @Test
    void aSharedSubtreeIsBuiltOnceAndCountedEveryTime() {
        FlagValue.Node v = (FlagValue.Node) FlagTreeBuilder.build(new Chain(15, 2, false), 0); // 2^15 - 1 nodes and 2^15 leaves
        assertTrue(!v.damaged());
        org.junit.jupiter.api.Assertions.assertSame(v.operands().get(0), v.operands().get(1));
        assertEquals(32768, v.llvmText().split("i32 7", -1).length - 1);
        FlagValue tooMany = FlagTreeBuilder.build(new Chain(17, 2, false), 0); // 2^18 - 1 items
        assertEquals(new FlagValue.Damaged("more than " + FlagValue.Limits.MAX_ITEMS + " nodes and leaves"), tooMany);
    }

    @Test
    void nestingPastTheDepthLimitIsDamaged() {
        FlagValue v = FlagTreeBuilder.build(new Chain(1000, 1, false), 0);
        assertEquals("nodes nested deeper than " + FlagValue.Limits.MAX_DEPTH, v.damage().why());
        FlagValue deepest = FlagTreeBuilder.build(new Chain(FlagValue.Limits.MAX_DEPTH, 1, false), 0);
        assertTrue(!deepest.damaged() && deepest.llvmText().endsWith("!{i32 7}" + "}".repeat(FlagValue.Limits.MAX_DEPTH - 1)),
                deepest.llvmText());
    }

    @Test
    void i1IsZeroOrOneAndWiderIntegersAreSignExtended() {
        assertEquals(new FlagValue.Int(1, 1), new FlagValue.Int(1, -1));
        assertEquals("i1 true", new FlagValue.Int(1, -1).llvmText());
        assertEquals("i8 -1", new FlagValue.Int(8, 255).llvmText());
        assertEquals("i64 -1", new FlagValue.Int(64, -1).llvmText());
    }

    @Test
    void stringsEscapeAsLlvmDisDoes() {
        assertEquals("!\"a\\\\b\\22c\\0A\\C3\\A9\"", FlagValue.Str.of("a\\b\"c\né").llvmText());
    }
}
