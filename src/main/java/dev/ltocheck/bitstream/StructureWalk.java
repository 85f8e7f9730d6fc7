package dev.ltocheck.bitstream;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Walks a whole bitstream: every block entered (or skipped by its length when asked), every
 * record decoded against its abbreviation, every length checked. A buffer that passes cannot
 * lead a reader past its end or to an undefined abbreviation; ltocheck hands LLVM nothing else.
 * Readers ride along as {@link BlockVisitor}s, so that checking and reading are one pass.
 */
public final class StructureWalk {
    private static final BlockVisitor<RuntimeException> NOBODY = (blockId, parentBlockId, record) -> {
    };

    private StructureWalk() {
    }

    /**
     * @param skipped block ids to jump over by their length word instead of decoding (what LLVM's
     *                lazy loader does not read either)
     */
    public static void walk(ByteBuffer bytes, java.util.Set<Integer> skipped) throws BitstreamException {
        walk(bytes, skipped::contains, NOBODY);
    }

    /**
     * @param skip    which block ids to jump over by their length word; their records reach no visitor
     * @param visitor told of every other block and record, in stream order
     */
    public static <E extends Exception> void walk(ByteBuffer bytes, IntPredicate skip, BlockVisitor<E> visitor)
            throws BitstreamException, E {
        BitstreamReader reader = new BitstreamReader(bytes);
        // The record buffer grows to the longest record read; kept per thread between walks so that
        // each member does not grow a new one from scratch (a walk within a walk takes a new one).
        Record record = SPARE_RECORD.get();
        SPARE_RECORD.remove();
        if (record == null) {
            record = new Record();
        }
        try {
            walk(reader, record, skip, visitor);
        } finally {
            record.reset(null); // holds no view of these bytes once the walk is over
            if (record.capacity() <= KEPT_RECORD_CAPACITY) {
                SPARE_RECORD.set(record);
            }
        }
    }

    private static final ThreadLocal<Record> SPARE_RECORD = new ThreadLocal<>();
    /** A buffer grown past this (512 KiB) by one huge record is not kept for the next walk. */
    private static final int KEPT_RECORD_CAPACITY = 1 << 16;

    private static <E extends Exception> void walk(BitstreamReader reader, Record record, IntPredicate skip,
                                                   BlockVisitor<E> visitor) throws BitstreamException, E {
        int[] open = new int[16];
        int depth = 0;
        while (!reader.atEndOfStream() || reader.depth() > 0) {
            Entry entry = reader.advance();
            int current = depth == 0 ? -1 : open[depth - 1];
            if (entry instanceof Entry.SubBlock block) {
                int id = block.blockId();
                if (id == BitstreamReader.BLOCKINFO_BLOCK_ID) {
                    reader.readBlockInfoBlock();
                } else if (skip.test(id)) {
                    reader.skipBlock();
                } else {
                    reader.enterBlock();
                    if (depth == open.length) {
                        open = Arrays.copyOf(open, depth * 2);
                    }
                    open[depth++] = id;
                    visitor.enterBlock(id, current);
                }
            } else if (entry instanceof Entry.Record r) {
                if (depth == 0) {
                    throw new BitstreamException(reader.cursor().bitPosition(), "record outside any block");
                }
                reader.readRecord(r.abbrevId(), record);
                visitor.record(current, depth > 1 ? open[depth - 2] : -1, record);
            } else if (entry instanceof Entry.EndBlock && depth > 0) {
                depth--;
                visitor.exitBlock(open[depth], depth == 0 ? -1 : open[depth - 1]);
            }
        }
    }
}
