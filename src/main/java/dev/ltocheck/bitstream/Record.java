package dev.ltocheck.bitstream;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A reusable record buffer the caller owns: {@link BitstreamReader#readRecord} clears and fills
 * it, so reading a block allocates only when a record is longer than any before it.
 */
public final class Record {
    private long[] operands = new long[64];
    private int size;
    private int code;
    private ByteBuffer source;
    private int blobOffset = -1;
    private int blobLength;

    public int code() {
        return code;
    }

    public int size() {
        return size;
    }

    public long get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException("operand " + index + " of " + size);
        }
        return operands[index];
    }

    public boolean hasBlob() {
        return blobOffset >= 0;
    }

    /** The blob as a view into the bitstream's buffer (no copy). */
    public ByteBuffer blob() {
        return source.slice(blobOffset, blobLength);
    }

    /** Operands from {@code from} as characters (LLVM stores names and paths as one operand per char). */
    public String string(int from) {
        return new String(bytes(from), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The operands from {@code from} on as the bytes of a string, as LLVM keeps them (not decoded). */
    public byte[] bytes(int from) {
        byte[] bytes = new byte[Math.max(0, size - from)];
        for (int i = from; i < size; i++) {
            bytes[i - from] = (byte) operands[i];
        }
        return bytes;
    }

    void reset(ByteBuffer buffer) {
        size = 0;
        code = 0;
        source = buffer;
        blobOffset = -1;
        blobLength = 0;
    }

    int capacity() {
        return operands.length;
    }

    void setCode(int code) {
        this.code = code;
    }

    /** Grows once for a count read up front, rather than doubling along the way. */
    void ensureRoomFor(long more) {
        long needed = size + more;
        if (needed > operands.length) {
            operands = Arrays.copyOf(operands, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, operands.length * 2L)));
        }
    }

    /**
     * Makes room for {@code count} more operands and counts them in: the caller fills
     * {@code operands()} from the returned index on.
     */
    int append(int count) {
        ensureRoomFor(count);
        int at = size;
        size += count;
        return at;
    }

    long[] operands() {
        return operands;
    }

    void add(long operand) {
        if (size == operands.length) {
            operands = Arrays.copyOf(operands, operands.length * 2);
        }
        operands[size++] = operand;
    }

    void setBlob(int offset, int length) {
        blobOffset = offset;
        blobLength = length;
    }
}
