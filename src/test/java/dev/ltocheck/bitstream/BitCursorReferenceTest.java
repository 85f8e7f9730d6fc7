package dev.ltocheck.bitstream;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The word-buffered cursor against the plainest reader there is, one bit at a time, on random
 * bytes and random reads, jumps and alignments: same values, same positions, same refusals.
 * (The first version of the buffered cursor took a negative width, which only a damaged
 * abbreviation gives, as a read that moves backwards.)
 */
class BitCursorReferenceTest {

    /** Bit i of the stream is bit (i % 8) of byte (i / 8). */
    private static final class Reference {
        private final byte[] bytes;
        private long position;

        Reference(byte[] bytes) {
            this.bytes = bytes;
        }

        String read(int width) {
            if (width < 0 || width > 64 || position + width > bytes.length * 8L) {
                return "refused";
            }
            long value = 0;
            for (int i = 0; i < width; i++, position++) {
                value |= (long) ((bytes[(int) (position >>> 3)] >>> (position & 7)) & 1) << i;
            }
            return Long.toString(value);
        }

        String readVbr64(int width) {
            if (width < 2 || width > 32) {
                return "refused";
            }
            long result = 0;
            int shift = 0;
            while (true) {
                String chunkText = read(width);
                if (chunkText.equals("refused")) {
                    return chunkText;
                }
                long chunk = Long.parseLong(chunkText);
                if (shift < 64) {
                    result |= (chunk & ((1L << (width - 1)) - 1)) << shift;
                }
                if ((chunk & (1L << (width - 1))) == 0) {
                    return Long.toString(result);
                }
                shift += width - 1;
                if (shift >= 64 + width) {
                    return "refused";
                }
            }
        }

        String jump(long bit) {
            if (bit < 0 || bit > bytes.length * 8L) {
                return "refused";
            }
            position = bit;
            return "jumped";
        }

        void align() {
            position = Math.min((position + 31) & ~31L, bytes.length * 8L);
        }
    }

    @Test
    void sameAsReadingBitByBit() {
        Random random = new Random(20261125);
        for (int stream = 0; stream < 20_000; stream++) {
            // Mostly short streams; every tenth long enough to cross the cursor's 4 KiB word chunks.
            byte[] bytes = new byte[stream % 10 == 9 ? random.nextInt(10_000) : random.nextInt(40)];
            random.nextBytes(bytes);
            ByteBuffer buffer = random.nextBoolean() ? ByteBuffer.wrap(bytes)
                    : ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            Reference expected = new Reference(bytes);
            BitCursor actual = new BitCursor(buffer);
            for (int step = 0; step < (bytes.length > 40 ? 3000 : 30); step++) {
                int width = random.nextInt(70) - 2;
                long bit = random.nextInt(bytes.length * 8 + 10);
                int op = random.nextInt(6);
                int count = random.nextInt(6);
                int vbrWidth = Math.floorMod(width, 33);
                int fixedWidth = 1 + Math.floorMod(width, 32);
                String want = switch (op) {
                    case 0 -> expected.read(width);
                    case 1 -> expected.readVbr64(Math.floorMod(width, 33));
                    case 2 -> expected.jump(bit);
                    case 4, 5 -> { // a run of fields: as many single reads, up to the first refused
                        StringBuilder fields = new StringBuilder();
                        for (int i = 0; i < count; i++) {
                            String one = op == 4 ? expected.readVbr64(vbrWidth) : expected.read(fixedWidth);
                            if (one.equals("refused")) {
                                fields.setLength(0);
                                fields.append("refused");
                                break;
                            }
                            fields.append(one).append(' ');
                        }
                        yield fields.toString();
                    }
                    default -> {
                        expected.align();
                        yield "aligned";
                    }
                };
                String got;
                try {
                    got = switch (op) {
                        case 0 -> Long.toString(actual.read(width));
                        case 1 -> Long.toString(actual.readVbr64(Math.floorMod(width, 33)));
                        case 2 -> {
                            actual.jumpToBit(bit);
                            yield "jumped";
                        }
                        case 4, 5 -> {
                            long[] into = new long[count + 2];
                            if (op == 4) {
                                actual.readVbr64s(vbrWidth, count, into, 2);
                            } else {
                                actual.readFixeds(fixedWidth, count, into, 2);
                            }
                            StringBuilder fields = new StringBuilder();
                            for (int i = 0; i < count; i++) {
                                fields.append(into[2 + i]).append(' ');
                            }
                            yield fields.toString();
                        }
                        default -> {
                            actual.alignTo32();
                            yield "aligned";
                        }
                    };
                } catch (BitstreamException e) {
                    got = "refused";
                }
                String where = "stream " + stream + " step " + step + " op " + op + " width " + width;
                assertEquals(want, got, where);
                if (!want.equals("refused")) {
                    assertEquals(expected.position, actual.bitPosition(), where);
                    assertEquals(expected.bytes.length * 8L - expected.position, actual.bitsLeft(), where);
                }
            }
        }
    }
}
