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
    private final int byteLimit;
    private final long bitLimit;
    // As LLVM's SimpleBitstreamCursor: a word of not yet consumed bits, refilled 8 bytes at a time,
    // so that most reads are register operations (one buffer load per 64 bits, not per field).
    private long currentWord;
    private int bitsInCurrentWord;
    private int nextByte;
    // Words copied from the buffer in bulk, CHUNK at a time: one ByteBuffer.getLong per word costs
    // a chain of calls the client compiler does not fold (a tenth of a cold run's walk).
    private static final int CHUNK = 512;
    private final long[] chunk = new long[CHUNK];
    /** The byte offset of chunk[0]; the chunk holds words up to chunkWords. */
    private int chunkStart;
    private int chunkWords;

    public BitCursor(ByteBuffer bytes) {
        // Little endian, as the format is: a refill reads 8 bytes at once.
        this.bytes = bytes.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        this.byteLimit = bytes.limit();
        this.bitLimit = (long) byteLimit * 8;
    }

    public long bitPosition() {
        return (long) nextByte * 8 - bitsInCurrentWord;
    }

    public long bitsLeft() {
        return bitLimit - bitPosition();
    }

    public boolean atEnd() {
        return bitsInCurrentWord == 0 && nextByte >= byteLimit;
    }

    public ByteBuffer buffer() {
        return bytes;
    }

    public void jumpToBit(long bit) throws BitstreamException {
        if (bit < 0 || bit > bitLimit) {
            throw new BitstreamException(bitPosition(), "cannot jump to bit " + bit + " of " + bitLimit);
        }
        nextByte = (int) (bit >>> 3);
        currentWord = 0;
        bitsInCurrentWord = 0;
        int withinByte = (int) (bit & 7);
        if (withinByte != 0) {
            refill();
            consume(withinByte);
        }
    }

    /** Reads an unsigned field of {@code width} bits (0..64). */
    public long read(int width) throws BitstreamException {
        // A width comes from an abbreviation, which a damaged stream can make negative.
        if (width >= 0 && width <= bitsInCurrentWord) {
            return consume(width);
        }
        if (width < 0 || width > 64) {
            throw new BitstreamException(bitPosition(), "field width " + width + " out of range");
        }
        if (width > bitsLeft()) {
            throw new BitstreamException(bitPosition(), "unexpected end of bitstream reading " + width + " bits, "
                    + bitsLeft() + " left");
        }
        // The field straddles the refill: its low bits are what is left of this word.
        int have = bitsInCurrentWord;
        long low = currentWord;
        refill();
        long high = consume(width - have);
        return have == 0 ? high : low | (high << have);
    }

    private long consume(int width) {
        if (width == 0) {
            return 0;
        }
        long result = currentWord & (-1L >>> (64 - width));
        currentWord = width == 64 ? 0 : currentWord >>> width;
        bitsInCurrentWord -= width;
        return result;
    }

    /** Loads the next 8 bytes, or all that are left; the caller has checked that there are enough. */
    private void refill() {
        if (nextByte + 8 <= byteLimit) {
            int offset = nextByte - chunkStart;
            if (offset < 0 || (offset & 7) != 0 || (offset >>> 3) >= chunkWords) {
                fillChunk();
                offset = 0;
            }
            currentWord = chunk[offset >>> 3];
            nextByte += 8;
            bitsInCurrentWord = 64;
            return;
        }
        long word = 0;
        int n = byteLimit - nextByte;
        for (int i = 0; i < n; i++) {
            word |= (bytes.get(nextByte + i) & 0xffL) << (8 * i);
        }
        currentWord = word;
        nextByte += n;
        bitsInCurrentWord = 8 * n;
    }

    /** Copies the whole words from nextByte on, up to CHUNK of them (at least one: the caller checked). */
    private void fillChunk() {
        int words = Math.min(CHUNK, (byteLimit - nextByte) >>> 3);
        bytes.slice(nextByte, words * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(chunk, 0, words);
        chunkStart = nextByte;
        chunkWords = words;
    }

    /** A variable-width integer of {@code width}-bit chunks, at most 32 bits of result. */
    public long readVbr(int width) throws BitstreamException {
        long value = readVbr64(width);
        if (value >>> 32 != 0) {
            throw new BitstreamException(bitPosition(), "VBR value " + Long.toUnsignedString(value) + " exceeds 32 bits");
        }
        return value;
    }

    /** A variable-width integer of {@code width}-bit chunks, up to 64 bits. */
    public long readVbr64(int width) throws BitstreamException {
        if (width < 2 || width > MAX_CHUNK_SIZE) {
            throw new BitstreamException(bitPosition(), "VBR chunk width " + width + " out of range");
        }
        long continuation = 1L << (width - 1);
        // Most values are one chunk within the current word: taken at once, without the loop.
        if (width <= bitsInCurrentWord) {
            long chunk = currentWord & ((continuation << 1) - 1);
            if ((chunk & continuation) == 0) {
                currentWord >>>= width;
                bitsInCurrentWord -= width;
                return chunk;
            }
        }
        long mask = continuation - 1;
        // A value of several chunks all within the current word (a character above 31 of a name
        // read as VBR6): decoded in the word; one that runs past it, from the start, field by field.
        long word = currentWord;
        int bits = bitsInCurrentWord;
        long result = 0;
        int shift = 0;
        while (width <= bits) {
            long chunk = word & (mask | continuation);
            word >>>= width;
            bits -= width;
            result |= (chunk & mask) << shift; // shift < 64: a word holds at most 32 chunks of 2 bits
            if ((chunk & continuation) == 0) {
                currentWord = word;
                bitsInCurrentWord = bits;
                return result;
            }
            shift += width - 1;
        }
        result = 0;
        shift = 0;
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
                throw new BitstreamException(bitPosition(), "VBR value longer than 64 bits");
            }
        }
    }

    /**
     * {@code count} VBR fields of {@code width}-bit chunks into {@code into[at..]}, as many calls
     * of {@link #readVbr64} would (same values, same errors at the same bits): one-chunk values
     * within the current word are taken in the loop itself, the rest by {@link #readVbr64}.
     */
    void readVbr64s(int width, int count, long[] into, int at) throws BitstreamException {
        if (count > 0 && (width < 2 || width > MAX_CHUNK_SIZE)) {
            throw new BitstreamException(bitPosition(), "VBR chunk width " + width + " out of range");
        }
        long continuation = 1L << (width - 1);
        long field = (continuation << 1) - 1;
        long word = currentWord;
        int bits = bitsInCurrentWord;
        for (int i = at; i < at + count; i++) {
            if (width <= bits) {
                long chunk = word & field;
                if ((chunk & continuation) == 0) {
                    word >>>= width;
                    bits -= width;
                    into[i] = chunk;
                    continue;
                }
            }
            currentWord = word;
            bitsInCurrentWord = bits;
            into[i] = readVbr64(width);
            word = currentWord;
            bits = bitsInCurrentWord;
        }
        currentWord = word;
        bitsInCurrentWord = bits;
    }

    /** {@code count} fixed fields of {@code width} (1..32) bits into {@code into[at..]}, as many calls of {@link #read} would. */
    void readFixeds(int width, int count, long[] into, int at) throws BitstreamException {
        long field = (1L << width) - 1;
        long word = currentWord;
        int bits = bitsInCurrentWord;
        for (int i = at; i < at + count; i++) {
            if (width <= bits) {
                into[i] = word & field;
                word >>>= width;
                bits -= width;
                continue;
            }
            currentWord = word;
            bitsInCurrentWord = bits;
            into[i] = read(width);
            word = currentWord;
            bits = bitsInCurrentWord;
        }
        currentWord = word;
        bitsInCurrentWord = bits;
    }

    /** Skips to the next multiple of 32 bits, as blocks and blobs require. */
    public void alignTo32() throws BitstreamException {
        long aligned = (bitPosition() + 31) & ~31L;
        jumpToBit(Math.min(aligned, bitLimit));
    }
}
