package dev.ltocheck.input;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** What an object file's first bytes say it is. */
public enum ObjectFormat {
    /** Raw LLVM bitcode: 'B' 'C' 0xC0 0xDE. */
    BITCODE,
    /** Bitcode behind the 20-byte wrapper header (magic 0x0B17C0DE, little endian), as Darwin writes it. */
    WRAPPED_BITCODE,
    /** A native ELF object: from an assembly file, or compiled without LTO. */
    ELF,
    /** Anything else. */
    OTHER;

    private static final int WRAPPER_MAGIC = 0x0B17C0DE;
    private static final int WRAPPER_HEADER_SIZE = 20;

    public static ObjectFormat of(ByteBuffer bytes) {
        if (bytes.limit() >= 4) {
            int b0 = bytes.get(0) & 0xff;
            int b1 = bytes.get(1) & 0xff;
            int b2 = bytes.get(2) & 0xff;
            int b3 = bytes.get(3) & 0xff;
            if (b0 == 'B' && b1 == 'C' && b2 == 0xC0 && b3 == 0xDE) {
                return BITCODE;
            }
            if (b0 == 0x7f && b1 == 'E' && b2 == 'L' && b3 == 'F') {
                return ELF;
            }
            if (bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(0) == WRAPPER_MAGIC) {
                return WRAPPED_BITCODE;
            }
        }
        return OTHER;
    }

    /**
     * The raw bitcode inside a wrapper, checked against the buffer's bounds.
     *
     * @throws IllegalArgumentException when the wrapper's offset or size point outside the buffer
     */
    public static ByteBuffer unwrap(ByteBuffer wrapped) {
        if (wrapped.limit() < WRAPPER_HEADER_SIZE) {
            throw new IllegalArgumentException("bitcode wrapper header truncated (" + wrapped.limit() + " of 20 bytes)");
        }
        ByteBuffer le = wrapped.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long offset = Integer.toUnsignedLong(le.getInt(8));
        long size = Integer.toUnsignedLong(le.getInt(12));
        if (offset < WRAPPER_HEADER_SIZE || offset + size > wrapped.limit()) {
            throw new IllegalArgumentException("bitcode wrapper points at bytes " + offset + ".." + (offset + size)
                    + " outside the " + wrapped.limit() + "-byte member");
        }
        return wrapped.slice((int) offset, (int) size);
    }
}
