package dev.ltocheck.summary;

import dev.ltocheck.bitstream.Record;

import java.util.Arrays;

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

    // CST_CODEs whose operands are value ids (LLVMBitCodes.h).
    private static final int AGGREGATE = 7;
    private static final int CE_BINOP = 10;
    private static final int CE_CAST = 11;
    private static final int CE_GEP_OLD = 12;
    private static final int CE_SELECT = 13;
    private static final int CE_EXTRACTELT = 14;
    private static final int CE_INSERTELT = 15;
    private static final int CE_SHUFFLEVEC = 16;
    private static final int CE_CMP = 17;
    private static final int CE_SHUFVEC_EX = 19;
    private static final int CE_INBOUNDS_GEP = 20;
    private static final int BLOCKADDRESS = 21;
    private static final int CE_GEP_WITH_INRANGE_INDEX_OLD = 24;
    private static final int CE_UNOP = 25;
    private static final int DSO_LOCAL_EQUIVALENT = 27;
    private static final int NO_CFI_VALUE = 29;
    private static final int CE_GEP_WITH_INRANGE = 31;
    private static final int CE_GEP = 32;
    private static final int PTRAUTH = 33;

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
            case AGGREGATE, CE_SELECT, CE_SHUFFLEVEC, PTRAUTH -> range(r, 0, n);
            case CE_BINOP -> range(r, 1, Math.min(n, 3));
            case CE_CAST -> range(r, 2, Math.min(n, 3));
            case CE_UNOP, BLOCKADDRESS, DSO_LOCAL_EQUIVALENT, NO_CFI_VALUE -> range(r, 1, Math.min(n, 2));
            case CE_EXTRACTELT -> {
                range(r, 1, Math.min(n, 2));
                range(r, n == 4 ? 3 : 2, Math.min(n, n == 4 ? 4 : 3));
            }
            case CE_INSERTELT -> {
                range(r, 0, Math.min(n, 2));
                range(r, n == 4 ? 3 : 2, Math.min(n, n == 4 ? 4 : 3));
            }
            case CE_CMP -> range(r, 1, Math.min(n, 3));
            case CE_SHUFVEC_EX -> range(r, 1, Math.min(n, 4));
            case CE_INBOUNDS_GEP, CE_GEP_OLD, CE_GEP_WITH_INRANGE_INDEX_OLD, CE_GEP -> {
                int at = code == CE_GEP_WITH_INRANGE_INDEX_OLD || code == CE_GEP || n % 2 == 1 ? 1 : 0;
                if (code == CE_GEP_WITH_INRANGE_INDEX_OLD || code == CE_GEP) {
                    at++; // flags
                }
                pairs(r, at);
            }
            case CE_GEP_WITH_INRANGE -> {
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
