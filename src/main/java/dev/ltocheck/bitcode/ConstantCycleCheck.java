package dev.ltocheck.bitcode;

import dev.ltocheck.bitstream.Record;

import java.util.Arrays;

import static dev.ltocheck.bitcode.BitcodeIds.*;

/**
 * Finds cycles among a module's constants before LLVM reads them. LLVM 20 keeps a constant
 * expression or aggregate as a placeholder that names its operands by value id, and makes the
 * real constant later with a worklist that pushes every operand not made yet: a constant that is
 * its own operand, directly or through others, is pushed forever, and the process grows until
 * "LLVM ERROR: out of memory" ends it. Valid bitcode has no such cycle (a constant that refers to
 * itself does so through a global, which is made first); a forward reference to a constant
 * defined later in the block is legal and is not a cycle.
 *
 * <p>Operand layouts are those of LLVM 20's {@code BitcodeReader::parseConstants}; value ids in
 * the module's constants block are absolute (globals first, then constants). The search is
 * iterative and its memory linear in the number of operands.
 */
final class ConstantCycleCheck {
    private static final String WHERE = "MODULE_BLOCK > CONSTANTS_BLOCK";

    /** Per constant, where its operands start in {@link #operands}; one more entry than constants. */
    private int[] starts = new int[64];
    private long[] operands = new long[256];
    private int constants;
    private int used;

    /** One record of the module's constants block that defines a value (every code but SETTYPE). */
    void constant(Record r) {
        int code = r.code();
        int n = r.size();
        switch (code) {
            case CST_CODE_AGGREGATE, CST_CODE_CE_SELECT, CST_CODE_CE_SHUFFLEVEC, CST_CODE_PTRAUTH -> range(r, 0, n);
            case CST_CODE_CE_BINOP -> range(r, 1, Math.min(n, 3));
            case CST_CODE_CE_CAST -> range(r, 2, Math.min(n, 3));
            case CST_CODE_CE_UNOP, CST_CODE_BLOCKADDRESS, CST_CODE_DSO_LOCAL_EQUIVALENT, CST_CODE_NO_CFI_VALUE ->
                    range(r, 1, Math.min(n, 2));
            case CST_CODE_CE_EXTRACTELT -> {
                range(r, 1, Math.min(n, 2));
                range(r, n == 4 ? 3 : 2, Math.min(n, n == 4 ? 4 : 3));
            }
            case CST_CODE_CE_INSERTELT -> {
                range(r, 0, Math.min(n, 2));
                range(r, n == 4 ? 3 : 2, Math.min(n, n == 4 ? 4 : 3));
            }
            case CST_CODE_CE_CMP -> range(r, 1, Math.min(n, 3));
            case CST_CODE_CE_SHUFVEC_EX -> range(r, 1, Math.min(n, 4));
            case CST_CODE_CE_INBOUNDS_GEP, CST_CODE_CE_GEP_OLD, CST_CODE_CE_GEP_WITH_INRANGE_INDEX_OLD,
                    CST_CODE_CE_GEP -> {
                boolean flags = code == CST_CODE_CE_GEP_WITH_INRANGE_INDEX_OLD || code == CST_CODE_CE_GEP;
                int at = flags || n % 2 == 1 ? 1 : 0;
                if (flags) {
                    at++; // flags
                }
                pairs(r, at);
            }
            case CST_CODE_CE_GEP_WITH_INRANGE -> {
                // [pointee type, flags, bit width, start, end, (type, value)...]; wide ranges take
                // more words: their layout is not followed, and such a record adds no operands.
                if (n > 2 && r.get(2) <= 64) {
                    pairs(r, 5);
                }
            }
            default -> {
            }
        }
        end();
    }

    // [type, value] pairs from `at` to the end: the values are the odd positions.
    private void pairs(Record r, int at) {
        for (int i = at + 1; i < r.size(); i += 2) {
            add(r.get(i));
        }
    }

    private void range(Record r, int from, int to) {
        for (int i = from; i < to; i++) {
            add(r.get(i));
        }
    }

    private void add(long valueId) {
        if (used == operands.length) {
            operands = Arrays.copyOf(operands, used * 2);
        }
        operands[used++] = valueId;
    }

    private void end() {
        if (constants + 2 > starts.length) {
            starts = Arrays.copyOf(starts, starts.length * 2);
        }
        starts[++constants] = used;
    }

    /**
     * @param globalValues how many globals precede the constants in the module's value list
     * @throws SummaryFormatException naming one constant of a cycle and the cycle's length
     */
    void check(int globalValues) throws SummaryFormatException {
        byte[] state = new byte[constants]; // 0 unseen, 1 on the path, 2 done
        int[] path = new int[16];
        int[] next = new int[16];
        for (int root = 0; root < constants; root++) {
            if (state[root] != 0) {
                continue;
            }
            path[0] = root;
            next[0] = starts[root];
            state[root] = 1;
            int depth = 1;
            while (depth > 0) {
                int u = path[depth - 1];
                if (next[depth - 1] == starts[u + 1]) {
                    state[u] = 2;
                    depth--;
                    continue;
                }
                long target = operands[next[depth - 1]++] - globalValues;
                if (target < 0 || target >= constants) {
                    continue; // a global, or an id LLVM itself refuses ("Invalid value ID")
                }
                int v = (int) target;
                if (state[v] == 1) {
                    int length = 1;
                    while (path[depth - length] != v) {
                        length++;
                    }
                    throw new SummaryFormatException(WHERE, length == 1
                            ? "constant " + (v + globalValues) + " is its own operand"
                            + " (LLVM's reader would allocate until it runs out of memory)"
                            : "constant " + (v + globalValues) + " is its own operand through a cycle of " + length
                            + " constants (via " + (u + globalValues) + "; LLVM's reader would allocate until it"
                            + " runs out of memory)");
                }
                if (state[v] == 0) {
                    if (depth == path.length) {
                        path = Arrays.copyOf(path, depth * 2);
                        next = Arrays.copyOf(next, depth * 2);
                    }
                    state[v] = 1;
                    path[depth] = v;
                    next[depth] = starts[v];
                    depth++;
                }
            }
        }
    }
}
