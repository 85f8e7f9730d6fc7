package dev.ltocheck.support;

import dev.ltocheck.bitcode.BitcodeIds;
import dev.ltocheck.bitstream.BitCursor;
import dev.ltocheck.bitstream.BitstreamReader;
import dev.ltocheck.bitstream.Entry;
import dev.ltocheck.bitstream.Record;

import java.nio.ByteBuffer;

/**
 * Makes "bitcode from a newer LLVM" out of a clang 20 object, keeping every field's width so the
 * structure stays valid: the IDENTIFICATION producer becomes LLVM22.1.7, and one enum attribute
 * of a PARAMATTR_GROUP record gets kind 1000, which LLVM 20 does not know.
 */
public final class NewerProducer {
    private static final String CHAR6 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._";

    private NewerProducer() {
    }

    public static byte[] craft(byte[] clang20) throws Exception {
        byte[] out = clang20.clone();
        BitstreamReader reader = new BitstreamReader(ByteBuffer.wrap(out));
        Entry e = reader.advance();
        if (!(e instanceof Entry.SubBlock b) || b.blockId() != BitcodeIds.IDENTIFICATION_BLOCK) {
            throw new IllegalStateException("no IDENTIFICATION block first");
        }
        reader.enterBlock();
        Entry.Record string = (Entry.Record) reader.advance(); // absorbs the block's DEFINE_ABBREV first
        long afterAbbrevId = reader.cursor().bitPosition();
        reader.readRecord(string.abbrevId(), new Record());
        // array length (VBR6), then one char6 per character: "LLVM20.1.7" -> "LLVM22.1.7"
        long fifthChar = afterAbbrevId + 6 + 6 * 5;
        write(out, fifthChar, 6, CHAR6.indexOf('2'));
        return withUnknownAttribute(out, clang20);
    }

    /**
     * The same object, its producer unchanged (LLVM20.1.7), with one enum attribute of kind 1000,
     * which LLVM 20 does not know: LLVM refuses a member its producer says it can read.
     */
    public static byte[] withUnknownAttribute(byte[] clang20) throws Exception {
        return withUnknownAttribute(clang20.clone(), clang20);
    }

    private static byte[] withUnknownAttribute(byte[] out, byte[] clang20) throws Exception {
        BitstreamReader reader = new BitstreamReader(ByteBuffer.wrap(clang20.clone()));
        Entry e = reader.advance();
        if (!(e instanceof Entry.SubBlock b) || b.blockId() != BitcodeIds.IDENTIFICATION_BLOCK) {
            throw new IllegalStateException("no IDENTIFICATION block first");
        }
        reader.enterBlock();
        reader.skipRestOfBlock();

        // MODULE_BLOCK > PARAMATTR_GROUP_BLOCK: unabbreviated [grpid, paramidx, (0, attr id) | ...]
        e = reader.advance();
        reader.enterBlock();
        while (true) {
            Entry inner = reader.advance();
            if (inner instanceof Entry.SubBlock sb && sb.blockId() == BitcodeIds.PARAMATTR_GROUP_BLOCK) {
                reader.enterBlock();
                break;
            } else if (inner instanceof Entry.SubBlock sb) {
                if (sb.blockId() == BitstreamReader.BLOCKINFO_BLOCK_ID) {
                    reader.readBlockInfoBlock();
                } else {
                    reader.skipBlock();
                }
            } else if (inner instanceof Entry.Record r) {
                reader.readRecord(r.abbrevId(), new Record());
            }
        }
        BitCursor c = reader.cursor();
        while (true) {
            long start = c.bitPosition();
            Entry entry = reader.advance();
            if (!(entry instanceof Entry.Record r) || r.abbrevId() != 3) {
                throw new IllegalStateException("no attribute group with a two-chunk enum attribute");
            }
            c.jumpToBit(start);
            c.read(3); // abbreviation width of this block
            c.readVbr(6); // code
            long count = c.readVbr(6);
            long[] positions = new long[(int) count];
            long[] values = new long[(int) count];
            for (int i = 0; i < count; i++) {
                positions[i] = c.bitPosition();
                values[i] = c.readVbr64(6);
            }
            for (int i = 2; i + 1 < count; i++) {
                if (values[i] == 0 && values[i + 1] >= 32 && values[i + 1] < 1024) {
                    write(out, positions[i + 1], 6, (1000 & 31) | 32);
                    write(out, positions[i + 1] + 6, 6, 1000 >> 5);
                    return out;
                }
                if (values[i] == 0 || values[i] == 5 || values[i] == 6 || values[i] == 7) {
                    i++; // enum or type attribute: kind + id
                } else if (values[i] == 1) {
                    i += 2; // integer attribute: kind, id, value
                } else {
                    break; // string attributes: stop looking in this record
                }
            }
        }
    }

    /**
     * The same object with another ThinLTO summary version in its FS_VERSION record (the first,
     * unabbreviated record of MODULE_BLOCK > GLOBALVAL_SUMMARY_BLOCK), as LLVM 23 writes 13 or 14:
     * the value keeps its one 6-bit VBR chunk, so nothing else moves.
     */
    public static byte[] withSummaryVersion(byte[] thinObject, int version) throws Exception {
        if (version < 1 || version > 31) {
            throw new IllegalArgumentException("one VBR6 chunk holds 1..31");
        }
        byte[] out = thinObject.clone();
        BitstreamReader reader = new BitstreamReader(ByteBuffer.wrap(out));
        while (true) {
            Entry e = reader.advance();
            if (e instanceof Entry.SubBlock b && b.blockId() == BitcodeIds.MODULE_BLOCK) {
                reader.enterBlock();
                break;
            } else if (e instanceof Entry.SubBlock) {
                reader.skipBlock();
            } else {
                throw new IllegalStateException("no MODULE_BLOCK");
            }
        }
        while (true) {
            Entry inner = reader.advance();
            if (inner instanceof Entry.SubBlock sb && sb.blockId() == BitcodeIds.GLOBALVAL_SUMMARY_BLOCK) {
                reader.enterBlock();
                break;
            } else if (inner instanceof Entry.SubBlock sb) {
                if (sb.blockId() == BitstreamReader.BLOCKINFO_BLOCK_ID) {
                    reader.readBlockInfoBlock();
                } else {
                    reader.skipBlock();
                }
            } else if (inner instanceof Entry.Record r) {
                reader.readRecord(r.abbrevId(), new Record());
            } else {
                throw new IllegalStateException("no GLOBALVAL_SUMMARY_BLOCK");
            }
        }
        Entry first = reader.advance();
        if (!(first instanceof Entry.Record r) || r.abbrevId() != 3) {
            throw new IllegalStateException("FS_VERSION is not the first unabbreviated record");
        }
        BitCursor c = reader.cursor();
        long code = c.readVbr(6);
        long count = c.readVbr(6);
        long at = c.bitPosition();
        long old = c.readVbr(6);
        if (code != BitcodeIds.FS_VERSION || count != 1 || old >= 32) {
            throw new IllegalStateException("unexpected FS_VERSION record: code " + code + ", " + count + " ops");
        }
        write(out, at, 6, version);
        return out;
    }

    private static void write(byte[] out, long bit, int width, long value) {
        for (int i = 0; i < width; i++) {
            long b = bit + i;
            if (((value >> i) & 1) != 0) {
                out[(int) (b / 8)] |= (byte) (1 << (b % 8));
            } else {
                out[(int) (b / 8)] &= (byte) ~(1 << (b % 8));
            }
        }
    }
}
