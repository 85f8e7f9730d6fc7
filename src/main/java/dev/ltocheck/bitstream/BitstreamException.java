package dev.ltocheck.bitstream;

/** The bitstream contradicts its own structure; carries the bit offset where reading stopped. */
public final class BitstreamException extends Exception {
    private final long bitOffset;

    public BitstreamException(long bitOffset, String message) {
        super(message + " (at bit " + bitOffset + ", byte " + (bitOffset >>> 3) + ")");
        this.bitOffset = bitOffset;
    }

    public long bitOffset() {
        return bitOffset;
    }
}
