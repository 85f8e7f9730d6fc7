package dev.ltocheck.bitcode;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * How deep LLVM will recurse resolving a module's metadata. A uniqued node that refers forward
 * (to a node defined later) is unresolved until that node is read, and so is every uniqued node
 * that refers to an unresolved one; when the last forward reference of a chain is read, LLVM
 * resolves the chain recursively, a few native frames per node ({@code
 * ReplaceableMetadataImpl::resolveAllUses}). LLVM's own writer never writes such chains (it puts
 * operands first); a hostile file can, and a chain deeper than a thread's stack holds ends the
 * process with no message. The depth is the longest path through unresolved uniqued nodes.
 *
 * <p>Only generic nodes (NODE, DISTINCT_NODE) are followed: the specialised debug-info records
 * are taken as leaves. The search is iterative.
 */
final class ForwardChains {
    /**
     * Deepest chain handed to LLVM. Measured on a loader thread's 64 MiB stack
     * ({@code llvm.LlvmThreads#STACK_BYTES}): a chain of 160,000 nodes reads and one of 200,000 overflows
     * it; this bound keeps a margin of three for LLVM's other frames.
     */
    static final int MAX_DEPTH = 50_000;

    private ForwardChains() {
    }

    /**
     * @param metadata per metadata id: a node's operands (id + 1, or 0) as a {@code long[]}, or anything else
     * @param distinct which ids are distinct nodes (never unresolved)
     * @return the number of nodes of the longest chain of unresolved uniqued nodes
     */
    static int depth(List<Object> metadata, BitSet distinct) {
        return walk(metadata, distinct).depth();
    }

    /**
     * What the walk found.
     *
     * @param depth the number of nodes of the longest chain of unresolved uniqued nodes
     * @param cycle the number of nodes of a cycle of two or more uniqued nodes found on the way, or 0
     */
    record Found(int depth, int cycle) {
    }

    /**
     * The longest chain, and a cycle of uniqued nodes if there is one: LLVM 20 resolves such a
     * cycle as a whole, and on one of 160 identical-looking nodes (seed-5 campaign input 189,799:
     * a chain whose blocks of records were swapped) corrupted its heap (llvm-dis 20 aborts on it
     * too). LLVM's writer breaks cycles with distinct nodes; a node that names itself stays allowed.
     */
    static Found walk(List<Object> metadata, BitSet distinct) {
        int n = metadata.size();
        BitSet pending = new BitSet(n);
        for (int u = 0; u < n; u++) {
            if (metadata.get(u) instanceof long[] ops && !distinct.get(u)) {
                for (long op : ops) {
                    long v = op - 1;
                    if (op != 0 && (v >= u || v >= 0 && pending.get((int) v))) {
                        pending.set(u);
                        break;
                    }
                }
            }
        }
        int[] depth = new int[n]; // longest chain from a node, once known; 0 while unknown
        byte[] state = new byte[n]; // 1 on the path
        int[] path = new int[16];
        int[] next = new int[16];
        int deepest = 0;
        int cycle = 0;
        for (int root = pending.nextSetBit(0); root >= 0; root = pending.nextSetBit(root + 1)) {
            if (depth[root] != 0) {
                continue;
            }
            path[0] = root;
            next[0] = 0;
            state[root] = 1;
            depth[root] = 1;
            int top = 1;
            while (top > 0) {
                int u = path[top - 1];
                long[] ops = (long[]) metadata.get(u);
                if (next[top - 1] == ops.length) {
                    state[u] = 0;
                    top--;
                    if (top > 0) {
                        int parent = path[top - 1];
                        depth[parent] = Math.max(depth[parent], depth[u] + 1);
                    }
                    continue;
                }
                long v = ops[next[top - 1]++] - 1;
                if (v >= 0 && v < n && v != u && state[(int) v] == 1 && cycle == 0) {
                    int from = top - 1;
                    while (path[from] != v) {
                        from--;
                    }
                    cycle = top - from;
                }
                if (v < 0 || v >= n || v == u || !pending.get((int) v) || state[(int) v] == 1) {
                    continue; // a leaf, a resolved node, or a cycle (resolved as one, not recursively)
                }
                int w = (int) v;
                if (depth[w] != 0) {
                    depth[u] = Math.max(depth[u], depth[w] + 1);
                    continue;
                }
                if (top == path.length) {
                    path = Arrays.copyOf(path, top * 2);
                    next = Arrays.copyOf(next, top * 2);
                }
                state[w] = 1;
                depth[w] = 1;
                path[top] = w;
                next[top] = 0;
                top++;
            }
            deepest = Math.max(deepest, depth[root]);
        }
        return new Found(deepest, cycle);
    }
}
