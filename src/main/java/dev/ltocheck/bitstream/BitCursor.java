package dev.ltocheck.bitstream;

import java.nio.ByteBuffer;

/**
 * Bits of a little-endian bitstream, least significant bit first, as LLVM's
 * {@code SimpleBitstreamCursor} reads them. Knows nothing of blocks or records.
 *
 * <p>Every read is checked against the end of the buffer; no read allocates.
 */
public final class BitCursor {
    /** LLVM's MaxChunkSize: fixed and VBR fields wider than this are malformed. */
    public static final int MAX_CHUNK_SIZE = 32;

    private final ByteBuffer bytes;
    private final long bitLimit;
    private long bitPosition;

    public BitCursor(ByteBuffer bytes) {
        // Little endian, as the format is: the fast path below reads 8 bytes at once.
        this.bytes = bytes.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        this.bitLimit = (long) bytes.limit() * 8;
    }

    public long bitPosition() {
        return bitPosition;
    }

    public long bitsLeft() {
        return bitLimit - bitPosition;
    }

    public boolean atEnd() {
        return bitPosition >= bitLimit;
    }

    public ByteBuffer buffer() {
        return bytes;
    }

    public void jumpToBit(long bit) throws BitstreamException {
        if (bit < 0 || bit > bitLimit) {
            throw new BitstreamException(bitPosition, "cannot jump to bit " + bit + " of " + bitLimit);
        }
        bitPosition = bit;
    }

    /** Reads an unsigned field of {@code width} bits (0..64). */
    public long read(int width) throws BitstreamException {
        if (width < 0 || width > 64) {
            throw new BitstreamException(bitPosition, "field width " + width + " out of range");
        }
        if (width > bitsLeft()) {
            throw new BitstreamException(bitPosition, "unexpected end of bitstream reading " + width + " bits, "
                    + bitsLeft() + " left");
        }
        int byteIndex = (int) (bitPosition >>> 3);
        if (width <= 56 && byteIndex + 8 <= bytes.limit()) {
            // One load, one shift, one mask: the offset within the byte (< 8) plus width fits in 64 bits.
            long word = bytes.getLong(byteIndex) >>> (bitPosition & 7);
            bitPosition += width;
            return width == 0 ? 0 : word & (-1L >>> (64 - width));
        }
        long result = 0;
        int got = 0;
        while (got < width) {
            int at = (int) (bitPosition >>> 3);
            int bitOffset = (int) (bitPosition & 7);
            int take = Math.min(8 - bitOffset, width - got);
            long bits = ((bytes.get(at) & 0xff) >>> bitOffset) & ((1 << take) - 1);
            result |= bits << got;
            got += take;
            bitPosition += take;
        }
        return result;
    }

    /** A variable-width integer of {@code width}-bit chunks, at most 32 bits of result. */
    public long readVbr(int width) throws BitstreamException {
        long value = readVbr64(width);
        if (value >>> 32 != 0) {
            throw new BitstreamException(bitPosition, "VBR value " + Long.toUnsignedString(value) + " exceeds 32 bits");
        }
        return value;
    }

    /** A variable-width integer of {@code width}-bit chunks, up to 64 bits. */
    public long readVbr64(int width) throws BitstreamException {
        if (width < 2 || width > MAX_CHUNK_SIZE) {
            throw new BitstreamException(bitPosition, "VBR chunk width " + width + " out of range");
        }
        long continuation = 1L << (width - 1);
        long mask = continuation - 1;
        long result = 0;
        int shift = 0;
        while (true) {
            long chunk = read(width);
            if (shift < 64) {
                result |= (chunk & mask) << shift;
            }
            if ((chunk & continuation) == 0) {
                return result;
            }
            shift += width - 1;
            if (shift >= 64 + width) {
                throw new BitstreamException(bitPosition, "VBR value longer than 64 bits");
            }
        }
    }

    /** Skips to the next multiple of 32 bits, as blocks and blobs require. */
    public void alignTo32() throws BitstreamException {
        long aligned = (bitPosition + 31) & ~31L;
        jumpToBit(Math.min(aligned, bitLimit));
    }
}
