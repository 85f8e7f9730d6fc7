package dev.ltocheck.bitcode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The depth LLVM recurses to resolving metadata, from the node records alone. */
class ForwardChainsTest {
    /** Node operands are metadata id + 1; a string is any other object. */
    private static long[] node(long... targets) {
        long[] ops = new long[targets.length];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = targets[i] + 1;
        }
        return ops;
    }

    @Test
    void operandsFirstAsLlvmWritesThemIsNoChain() {
        List<Object> md = List.of("s", node(0), node(1), node(2));
        assertEquals(0, ForwardChains.depth(md, new BitSet()));
    }

    @Test
    void aForwardChainCountsEveryNodeWaitingOnTheNext() {
        int n = 200_000; // iterative: no stack to overflow here either
        List<Object> md = new ArrayList<>();
        md.add("end");
        for (int i = 1; i <= n; i++) {
            md.add(i < n ? node(i + 1) : node(0));
        }
        assertEquals(n - 1, ForwardChains.depth(md, new BitSet()));
    }

    @Test
    void distinctNodesBreakTheChain() {
        // 1 -> 2 -> 3 -> 4 forward, 3 distinct: only 1 and 2 wait (on 2 and 3), 3 is resolved when read
        List<Object> md = List.of("end", node(2), node(3), node(4), node(0));
        BitSet distinct = new BitSet();
        distinct.set(3);
        assertEquals(2, ForwardChains.depth(md, distinct));
    }

    @Test
    void aBackwardReferenceToAWaitingNodeWaitsToo() {
        // 1 waits on 3 (forward); 2 refers back to 1, so it waits on 1: a chain 2 -> 1
        List<Object> md = List.of("end", node(3), node(1), node(0));
        assertEquals(2, ForwardChains.depth(md, new BitSet()));
    }

    @Test
    void aCycleOfUniquedNodesEnds() {
        // 0 -> 1 -> 2 -> 0: counted once round (LLVM resolves a cycle as one, not by recursion)
        List<Object> md = List.of(node(1), node(2), node(0));
        assertEquals(3, ForwardChains.depth(md, new BitSet()));
    }

    @Test
    void aCycleOfUniquedNodesIsFoundAndASelfReferenceOrADistinctNodeIsNot() {
        // 1 -> 2 -> 3 -> 1: uniqued, a cycle of three
        assertEquals(3, ForwardChains.walk(List.of("s", node(2), node(3), node(1)), new BitSet()).cycle());
        // the same with node 2 distinct: the writer's way of breaking a cycle
        BitSet distinct = new BitSet();
        distinct.set(2);
        assertEquals(0, ForwardChains.walk(List.of("s", node(2), node(3), node(1)), distinct).cycle());
        // a node naming itself (old loop metadata): allowed
        assertEquals(0, ForwardChains.walk(List.of("s", node(1)), new BitSet()).cycle());
    }

    @Test
    void anOperandOfTwoToTheSixtyThirdOrMoreIsNoIndex() {
        // VBR operands are unsigned 64-bit: in Java such an operand is negative (an index exception before).
        // Such a reference is refused before this walk (LlvmSafetyCheck); here it is a leaf, never an index.
        ForwardChains.Found found = ForwardChains.walk(List.of("s", new long[]{Long.MIN_VALUE}, new long[]{-1L}),
                new BitSet());
        assertEquals(new ForwardChains.Found(1, 0), found);
    }
}
