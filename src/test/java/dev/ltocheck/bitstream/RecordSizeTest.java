package dev.ltocheck.bitstream;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A record's operands take 8 bytes each in memory, however narrow they were in the stream: an array
 * of 1-bit elements must not decode to 64 times the member's size. Streams written by hand.
 */
class RecordSizeTest {

    /**
     * 'BC' 0xC0DE, then block 8 that defines the abbreviation [literal code 1, array of fixed(width)]
     * and holds one record of it: {@code count} elements, all zero.
     */
    private static ByteBuffer oneArrayRecord(int width, int count) {
        StreamBits body = new StreamBits();
        body.write(2, 4).vbr(3, 5);                 // DEFINE_ABBREV, 3 operands
        body.write(1, 1).vbr(1, 8);                 // literal 1: the record's code
        body.write(0, 1).write(3, 3);               // array
        body.write(0, 1).write(1, 3).vbr(width, 5); // of fixed(width)
        body.write(4, 4).vbr(count, 6);             // the record (abbreviation 4) and its element count
        for (int i = 0; i < count; i++) {
            body.write(0, width);
        }
        body.write(0, 4);                           // END_BLOCK
        body.alignTo32();
        byte[] words = body.bytes();
        StreamBits out = new StreamBits();
        out.write(0x42, 8).write(0x43, 8).write(0xC0, 8).write(0xDE, 8);
        out.write(1, 2).vbr(8, 8).vbr(4, 4);        // ENTER_SUBBLOCK 8, abbreviation width 4
        out.alignTo32();
        out.write(words.length / 4, 32);
        return ByteBuffer.wrap(out.append(words).bytes());
    }

    /** The size of each record the walk decodes. */
    private static List<Integer> recordSizes(ByteBuffer stream) throws BitstreamException {
        List<Integer> sizes = new ArrayList<>();
        StructureWalk.walk(stream, id -> false, (BlockVisitor<RuntimeException>) (block, parent, r) -> sizes.add(r.size()));
        return sizes;
    }

    @Test
    void aShortArrayOfOneBitElementsIsRead() throws BitstreamException {
        assertEquals(List.of(16), recordSizes(oneArrayRecord(1, 16)));
    }

    @Test
    void oneBitElementsFillingTheStreamAreRefusedInOneLine() {
        ByteBuffer stream = oneArrayRecord(1, 6000);
        BitstreamException e = assertThrows(BitstreamException.class, () -> recordSizes(stream));
        assertEquals("array of 6000 1-bit elements: more operands than one per 6 bits of the "
                + stream.limit() * 8 + "-bit stream", e.getMessage().replaceAll(" \\(at bit.*", ""));
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void asManyElementsOfEightBitsAreRead() throws BitstreamException {
        assertEquals(List.of(6000), recordSizes(oneArrayRecord(8, 6000)));
    }
}
