package dev.ltocheck.bitstream;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Walks a whole bitstream: every block entered (or skipped by its length when asked), every
 * record decoded against its abbreviation, every length checked. A buffer that passes cannot
 * lead a reader past its end or to an undefined abbreviation; ltocheck hands LLVM nothing else.
 */
public final class StructureWalk {
    private StructureWalk() {
    }

    /**
     * @param skipped block ids to jump over by their length word instead of decoding (what LLVM's
     *                lazy loader does not read either)
     */
    public static void walk(ByteBuffer bytes, Set<Integer> skipped) throws BitstreamException {
        BitstreamReader reader = new BitstreamReader(bytes);
        Record record = new Record();
        while (!reader.atEndOfStream() || reader.depth() > 0) {
            Entry entry = reader.advance();
            if (entry instanceof Entry.SubBlock block) {
                if (block.blockId() == BitstreamReader.BLOCKINFO_BLOCK_ID) {
                    reader.readBlockInfoBlock();
                } else if (skipped.contains(block.blockId())) {
                    reader.skipBlock();
                } else {
                    reader.enterBlock();
                }
            } else if (entry instanceof Entry.Record r) {
                if (reader.depth() == 0) {
                    throw new BitstreamException(reader.cursor().bitPosition(), "record outside any block");
                }
                reader.readRecord(r.abbrevId(), record);
            }
        }
    }
}
