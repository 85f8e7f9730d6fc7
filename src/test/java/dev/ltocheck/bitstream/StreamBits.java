package dev.ltocheck.bitstream;

import java.io.ByteArrayOutputStream;

/** A bitstream written by hand for tests: bits least significant first, as the format writes them. */
final class StreamBits {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long pending;
    private int count;

    StreamBits write(long value, int width) {
        for (int i = 0; i < width; i++) {
            pending |= ((value >>> i) & 1) << count;
            if (++count == 8) {
                bytes.write((int) pending);
                pending = 0;
                count = 0;
            }
        }
        return this;
    }

    /** A VBR of {@code width}-bit chunks: the low bits of each chunk hold the value, the top bit says more follow. */
    StreamBits vbr(long value, int width) {
        long rest = value;
        long threshold = 1L << (width - 1);
        while (rest >= threshold) {
            write((rest & (threshold - 1)) | threshold, width);
            rest >>>= width - 1;
        }
        return write(rest, width);
    }

    /** Whole bytes, after a 32-bit boundary: a block's body written on its own. */
    StreamBits append(byte[] more) {
        for (byte b : more) {
            write(b & 0xFF, 8);
        }
        return this;
    }

    void alignTo32() {
        while (count != 0 || bytes.size() % 4 != 0) {
            write(0, 1);
        }
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
