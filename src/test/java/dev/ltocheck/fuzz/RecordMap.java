package dev.ltocheck.fuzz;

import dev.ltocheck.bitcode.BitcodeIds;
import dev.ltocheck.bitstream.BitCursor;
import dev.ltocheck.bitstream.BitstreamException;
import dev.ltocheck.bitstream.BitstreamReader;
import dev.ltocheck.bitstream.Entry;
import dev.ltocheck.bitstream.Record;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where every record of a valid bitcode file lies, so that handcrafted inputs can be made by
 * rewriting fields of what clang wrote, in place and at the same width (the block lengths and
 * LLVM's metadata index stay right).
 *
 * @param records every record, in stream order
 */
record RecordMap(List<Rec> records) {
    static final int MODULE_BLOCK = BitcodeIds.MODULE_BLOCK;
    static final int CONSTANTS_BLOCK = BitcodeIds.CONSTANTS_BLOCK;
    static final int METADATA_BLOCK = BitcodeIds.METADATA_BLOCK;
    static final int TYPE_BLOCK = BitcodeIds.TYPE_BLOCK;

    /**
     * One record.
     *
     * @param path       the ids of the blocks it lies in, outermost first
     * @param codeBit    where its code starts (unabbreviated records: a VBR6)
     * @param opBits     where each operand starts (unabbreviated records only, else empty)
     * @param endBit     where the record ends
     * @param values     its operands as read
     */
    record Rec(List<Integer> path, boolean abbreviated, int code, long codeBit, long[] opBits, long endBit,
               long[] values) {
        int block() {
            return path.get(path.size() - 1);
        }
    }

    static RecordMap of(byte[] bitcode) {
        try {
            BitstreamReader reader = new BitstreamReader(ByteBuffer.wrap(bitcode));
            BitCursor cursor = reader.cursor();
            Deque<Integer> blocks = new ArrayDeque<>();
            List<Rec> records = new ArrayList<>();
            Record record = new Record();
            while (!reader.atEndOfStream() || reader.depth() > 0) {
                Entry e = reader.advance();
                if (e instanceof Entry.SubBlock b) {
                    if (b.blockId() == BitstreamReader.BLOCKINFO_BLOCK_ID) {
                        reader.readBlockInfoBlock();
                    } else {
                        reader.enterBlock();
                        blocks.addLast(b.blockId());
                    }
                } else if (e instanceof Entry.EndBlock) {
                    blocks.removeLast();
                } else if (e instanceof Entry.Record r) {
                    List<Integer> path = List.copyOf(blocks);
                    long codeBit = cursor.bitPosition();
                    if (r.abbrevId() == 3) {
                        int code = (int) cursor.readVbr(6);
                        int count = (int) cursor.readVbr(6);
                        long[] opBits = new long[count];
                        long[] values = new long[count];
                        for (int i = 0; i < count; i++) {
                            opBits[i] = cursor.bitPosition();
                            values[i] = cursor.readVbr64(6);
                        }
                        records.add(new Rec(path, false, code, codeBit, opBits, cursor.bitPosition(), values));
                    } else {
                        int code = reader.readRecord(r.abbrevId(), record);
                        long[] values = new long[record.size()];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = record.get(i);
                        }
                        records.add(new Rec(path, true, code, codeBit, new long[0], cursor.bitPosition(), values));
                    }
                }
            }
            return new RecordMap(records);
        } catch (BitstreamException e) {
            throw new IllegalStateException("clang's output does not read as bitcode", e);
        }
    }

    /** Records of one block kind (any depth) and code. */
    List<Rec> find(int block, int code) {
        return records.stream().filter(r -> r.block() == block && r.code() == code).toList();
    }

    /**
     * The value id each module-level constant record defines: global values are numbered first
     * (GLOBALVAR, FUNCTION, ALIAS, IFUNC), then the module-level constants, one per record but
     * SETTYPE.
     */
    long valueIdOf(Rec constant) {
        long id = records.stream().filter(r -> r.path().equals(List.of(MODULE_BLOCK))
                && (r.code() == BitcodeIds.MODULE_GLOBALVAR || r.code() == BitcodeIds.MODULE_FUNCTION
                || r.code() == BitcodeIds.MODULE_ALIAS || r.code() == BitcodeIds.MODULE_IFUNC)).count();
        for (Rec r : records) {
            if (r.path().equals(List.of(MODULE_BLOCK, CONSTANTS_BLOCK)) && r.code() != BitcodeIds.CST_CODE_SETTYPE) {
                if (r == constant) {
                    return id;
                }
                id++;
            }
        }
        throw new IllegalArgumentException("not a module-level constant");
    }

    /** The type id of the integer type of the given width. */
    long integerType(int width) {
        long id = 0;
        for (Rec r : records) {
            if (r.block() == TYPE_BLOCK && r.code() != BitcodeIds.TYPE_CODE_NUMENTRY) {
                if (r.code() == BitcodeIds.TYPE_CODE_INTEGER && r.values()[0] == width) {
                    return id;
                }
                id++;
            }
        }
        throw new IllegalArgumentException("no i" + width);
    }

    /** Bits of a type id in abbreviations: Log2_32_Ceil(NumTypes + 1), as LLVM's writer sizes them. */
    int typeBits() {
        long types = find(TYPE_BLOCK, BitcodeIds.TYPE_CODE_NUMENTRY).get(0).values()[0];
        return 64 - Long.numberOfLeadingZeros(types);
    }

    /** Rewrites {@code width} bits at {@code bit}, least significant first, as the bitstream stores them. */
    static void write(byte[] out, long bit, int width, long value) {
        for (int i = 0; i < width; i++) {
            long b = bit + i;
            if (((value >> i) & 1) != 0) {
                out[(int) (b / 8)] |= (byte) (1 << (b % 8));
            } else {
                out[(int) (b / 8)] &= (byte) ~(1 << (b % 8));
            }
        }
    }

    /** Rewrites a one-chunk VBR6 field (a value below 32) with another value below 32. */
    static void writeSmallVbr6(byte[] out, long bit, long old, long value) {
        if (old >= 32 || value >= 32) {
            throw new IllegalArgumentException("not a one-chunk VBR6: " + old + " -> " + value);
        }
        write(out, bit, 6, value);
    }
}
