package dev.ltocheck.imports;

/**
 * The order in which LLVM 20 iterates a {@code DenseMap<GlobalValue::GUID, ...>} filled by
 * inserting keys in a given order without erasing: the order of its buckets. LLVM walks two such
 * maps where the order shows: a module's defined summaries ({@code GVSummaryMapTy}: the roots of
 * its import walk, which decide how often each imported function is walked again) and
 * {@code ImportThresholds} (the order {@code -print-import-failures} prints in).
 *
 * <p>As llvm/ADT/DenseMap.h does it: at least 64 buckets, a power of two; bucket
 * {@code hash & (buckets - 1)}, then quadratic probing ({@code +1, +2, +3 ...}); the table doubles
 * when it would become three-quarters full, and is refilled in old bucket order.
 */
public final class DenseMapOrder {
    private DenseMapOrder() {
    }

    /**
     * {@code DenseMapInfo<unsigned long>::getHashValue} in LLVM 20: {@code densemap::detail::mix}
     * (splitmix64's multiply and xor-shift), truncated to 32 bits. (Older LLVM hashed {@code key * 37};
     * the order lld 20.1.7 prints failures in tells them apart.)
     */
    static int hash(long key) {
        long x = key * 0xbf58476d1ce4e5b9L;
        x ^= x >>> 31;
        return (int) x;
    }

    /**
     * Indices into {@code keys} (distinct, in insertion order) in iteration order.
     */
    public static int[] of(long[] keys) {
        int buckets = 64;
        int[] table = newTable(buckets);
        int entries = 0;
        for (int i = 0; i < keys.length; i++) {
            if ((entries + 1) * 4 >= buckets * 3) {
                int[] old = table;
                buckets *= 2;
                table = newTable(buckets);
                for (int index : old) {
                    if (index >= 0) {
                        place(table, keys, index);
                    }
                }
            }
            place(table, keys, i);
            entries++;
        }
        int[] order = new int[keys.length];
        int n = 0;
        for (int index : table) {
            if (index >= 0) {
                order[n++] = index;
            }
        }
        return order;
    }

    private static int[] newTable(int buckets) {
        int[] table = new int[buckets];
        java.util.Arrays.fill(table, -1);
        return table;
    }

    private static void place(int[] table, long[] keys, int index) {
        int mask = table.length - 1;
        int bucket = hash(keys[index]) & mask;
        for (int probe = 1; table[bucket] >= 0; probe++) {
            bucket = (bucket + probe) & mask;
        }
        table[bucket] = index;
    }
}
