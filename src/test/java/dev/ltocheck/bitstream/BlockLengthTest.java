package dev.ltocheck.bitstream;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A block is decoded by some readers and skipped by its length word by others (LLVM's lazy loader
 * among them): the two must end at the same place, or a reader that skips sees other bytes than
 * the one that checked them.
 */
class BlockLengthTest {

    /** 'BC' 0xC0DE, then one empty block 8 whose length word says {@code declaredWords}. */
    private static ByteBuffer emptyBlock(int declaredWords, int paddingWords) {
        StreamBits out = new StreamBits();
        out.write(0x42, 8).write(0x43, 8).write(0xC0, 8).write(0xDE, 8);
        out.write(1, 2);          // ENTER_SUBBLOCK (abbreviation width 2 at top level)
        out.write(8, 8);          // block id, VBR8
        out.write(2, 4);          // the block's abbreviation width, VBR4
        out.alignTo32();
        out.write(declaredWords, 32);
        out.write(0, 2);          // END_BLOCK: the block holds one word
        out.alignTo32();
        for (int i = 0; i < paddingWords; i++) {
            out.write(0, 32);
        }
        return ByteBuffer.wrap(out.bytes());
    }

    @Test
    void aBlockEndingWhereItsLengthSaysIsWalked() throws BitstreamException {
        StructureWalk.walk(emptyBlock(1, 0), Set.of());
    }

    @Test
    void aBlockEndingBeforeItsLengthSaysIsRefused() {
        BitstreamException e = assertThrows(BitstreamException.class,
                () -> StructureWalk.walk(emptyBlock(2, 1), Set.of()));
        assertEquals("block 8 ends 1 word before its declared length", e.getMessage().replaceAll(" \\(at bit.*", ""));
    }

    @Test
    void anEndBlockStraddlingTheDeclaredEndIsRefused() {
        // Abbreviation width 7; one 31-bit record fills the declared word but one bit; the
        // END_BLOCK marker starts inside that word and ends in the next.
        StreamBits out = new StreamBits();
        out.write(0x42, 8).write(0x43, 8).write(0xC0, 8).write(0xDE, 8);
        out.write(1, 2).write(8, 8).write(7, 4);
        out.alignTo32();
        out.write(1, 32);
        out.write(3, 7).write(1, 6).write(2, 6).write(0, 6).write(0, 6); // UNABBREV_RECORD code 1, 2 operands
        out.write(0, 7);                                                  // END_BLOCK
        out.alignTo32();
        BitstreamException e = assertThrows(BitstreamException.class,
                () -> StructureWalk.walk(ByteBuffer.wrap(out.bytes()), Set.of()));
        assertEquals("block 8 runs past its declared length", e.getMessage().replaceAll(" \\(at bit.*", ""));
    }

    @Test
    void skippingByTheLengthWordLandsWhereDecodingEnds() throws BitstreamException {
        StructureWalk.walk(emptyBlock(1, 0), Set.of(8));
    }
}
