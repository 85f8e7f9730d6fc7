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
     * What bytes that are neither bitcode nor ELF look like, in words that quote none of them: the
     * file can be anyone's (a thin member may name {@code /etc/passwd}), and a problem line must
     * not show its contents.
     */
    public static String describeOther(ByteBuffer bytes) {
        int n = Math.min(64, bytes.limit());
        if (n == 0) {
            return "an empty file";
        }
        if (startsWith(bytes, 0x21, 0x3c, 0x61, 0x72, 0x63, 0x68, 0x3e, 0x0a)
                || startsWith(bytes, 0x21, 0x3c, 0x74, 0x68, 0x69, 0x6e, 0x3e, 0x0a)) {
            return "an ar archive";
        }
        if (startsWith(bytes, 0xcf, 0xfa, 0xed, 0xfe) || startsWith(bytes, 0xce, 0xfa, 0xed, 0xfe)
                || startsWith(bytes, 0xfe, 0xed, 0xfa, 0xcf) || startsWith(bytes, 0xfe, 0xed, 0xfa, 0xce)) {
            return "a Mach-O file";
        }
        if (startsWith(bytes, 0x00, 0x61, 0x73, 0x6d)) {
            return "a WebAssembly file";
        }
        if (startsWith(bytes, 0x4d, 0x5a)) {
            return "a PE/COFF file";
        }
        if (startsWith(bytes, 0x1f, 0x8b) || startsWith(bytes, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)
                || startsWith(bytes, 0x28, 0xb5, 0x2f, 0xfd)) {
            return "compressed data";
        }
        boolean zeros = true;
        boolean text = true;
        for (int i = 0; i < n; i++) {
            int b = bytes.get(i) & 0xff;
            zeros &= b == 0;
            text &= b >= 0x20 && b < 0x7f || b == '\n' || b == '\t' || b == '\r';
        }
        if (zeros) {
            return "zero bytes at its start (cut off or never written?)";
        }
        return text ? "text" : "an unknown format";
    }

    private static boolean startsWith(ByteBuffer bytes, int... magic) {
        if (bytes.limit() < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes.get(i) & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
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
