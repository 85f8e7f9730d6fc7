package dev.ltocheck.bitstream;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks, abbreviations and records of an LLVM bitstream, as LLVM's {@code BitstreamCursor}
 * reads them: {@link #advance()} yields one {@link Entry} at a time, DEFINE_ABBREV records are
 * absorbed, BLOCKINFO abbreviations are inherited by the blocks they name, and unwanted blocks
 * are skipped by their length word without being decoded.
 *
 * <p>Generic: it knows no record codes of the bitcode format. Every count and length that comes
 * from the stream is checked against the bits left before it is used.
 */
public final class BitstreamReader {
    public static final int BLOCKINFO_BLOCK_ID = 0;
    private static final int END_BLOCK = 0;
    private static final int ENTER_SUBBLOCK = 1;
    private static final int DEFINE_ABBREV = 2;
    private static final int UNABBREV_RECORD = 3;
    private static final int FIRST_APPLICATION_ABBREV = 4;
    /** BLOCKINFO_CODE_SETBID: the block the abbreviations after it are for. */
    private static final int BLOCKINFO_CODE_SETBID = 1;
    // BitCodeAbbrevOp::Encoding
    private static final int ENCODING_FIXED = 1;
    private static final int ENCODING_VBR = 2;
    private static final int ENCODING_ARRAY = 3;
    private static final int ENCODING_CHAR6 = 4;
    private static final int ENCODING_BLOB = 5;
    private static final int MAX_DEPTH = 64;
    /** The fewest bits an unabbreviated record's operand (a VBR6) takes. */
    private static final int UNABBREVIATED_OPERAND_BITS = 6;
    private static final String CHAR6 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._";

    /** One open block: its abbreviation width, its abbreviations, where it ends. */
    private record Scope(int blockId, int abbrevWidth, List<Abbreviation> abbreviations, long endBit) {
    }

    private final BitCursor cursor;
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private final Map<Integer, List<Abbreviation>> blockInfo = new HashMap<>();
    private int abbrevWidth = 2;
    private List<Abbreviation> abbreviations = new ArrayList<>();
    private int pendingBlockId = -1;
    // A record's entry says only which abbreviation it uses: one instance per small id, not one per record.
    private final Entry.Record[] recordEntries = new Entry.Record[64];

    /** A reader positioned after the 4-byte magic of the stream in {@code bytes}. */
    public BitstreamReader(ByteBuffer bytes) throws BitstreamException {
        cursor = new BitCursor(bytes);
        cursor.read(32);
    }

    public BitCursor cursor() {
        return cursor;
    }

    /** Id of the innermost open block, or -1 at top level. */
    public int currentBlockId() {
        return scopes.isEmpty() ? -1 : scopes.peek().blockId();
    }

    public int depth() {
        return scopes.size();
    }

    /** True at top level when nothing but padding is left. */
    public boolean atEndOfStream() {
        return scopes.isEmpty() && cursor.bitsLeft() < 32;
    }

    /** The next entry of the current block; DEFINE_ABBREV records are absorbed. */
    public Entry advance() throws BitstreamException {
        while (true) {
            if (!scopes.isEmpty() && cursor.bitPosition() >= scopes.peek().endBit()) {
                throw new BitstreamException(cursor.bitPosition(), "block " + scopes.peek().blockId()
                        + " runs past its declared length");
            }
            int id = (int) cursor.read(abbrevWidth);
            switch (id) {
                case END_BLOCK -> {
                    if (scopes.isEmpty()) {
                        throw new BitstreamException(cursor.bitPosition(), "END_BLOCK at top level");
                    }
                    cursor.alignTo32();
                    // Where decoding ends must be where the length word said: LLVM skips some blocks
                    // by that word and decodes others, and both must arrive at the same place.
                    if (cursor.bitPosition() > scopes.peek().endBit()) {
                        throw new BitstreamException(cursor.bitPosition(), "block " + scopes.peek().blockId()
                                + " runs past its declared length");
                    }
                    if (cursor.bitPosition() < scopes.peek().endBit()) {
                        long words = (scopes.peek().endBit() - cursor.bitPosition()) / 32;
                        throw new BitstreamException(cursor.bitPosition(), "block " + scopes.peek().blockId()
                                + " ends " + words + (words == 1 ? " word" : " words") + " before its declared length");
                    }
                    Scope closed = scopes.pop();
                    abbrevWidth = closed.abbrevWidth();
                    abbreviations = closed.abbreviations();
                    return Entry.END_BLOCK;
                }
                case ENTER_SUBBLOCK -> {
                    pendingBlockId = (int) cursor.readVbr(8);
                    return new Entry.SubBlock(pendingBlockId);
                }
                case DEFINE_ABBREV -> abbreviations.add(readAbbreviation());
                default -> {
                    if (id != UNABBREV_RECORD && id - FIRST_APPLICATION_ABBREV >= abbreviations.size()) {
                        throw new BitstreamException(cursor.bitPosition(), "invalid abbreviation id " + id + " ("
                                + abbreviations.size() + " defined)");
                    }
                    return recordEntry(id);
                }
            }
        }
    }

    private Entry.Record recordEntry(int id) {
        if (id >= recordEntries.length) {
            return new Entry.Record(id);
        }
        Entry.Record entry = recordEntries[id];
        if (entry == null) {
            entry = new Entry.Record(id);
            recordEntries[id] = entry;
        }
        return entry;
    }

    /** Enters the block announced by the last {@link Entry.SubBlock}. */
    public void enterBlock() throws BitstreamException {
        int blockId = takePendingBlock();
        if (scopes.size() >= MAX_DEPTH) {
            throw new BitstreamException(cursor.bitPosition(), "blocks nested deeper than " + MAX_DEPTH);
        }
        int width = (int) cursor.readVbr(4);
        if (width < 1 || width > BitCursor.MAX_CHUNK_SIZE) {
            throw new BitstreamException(cursor.bitPosition(), "block " + blockId + " has abbreviation width " + width);
        }
        cursor.alignTo32();
        long words = cursor.read(32);
        long endBit = cursor.bitPosition() + words * 32;
        if (words * 32 > cursor.bitsLeft()) {
            throw new BitstreamException(cursor.bitPosition(), "block " + blockId + " declares " + words
                    + " words but only " + (cursor.bitsLeft() / 32) + " remain");
        }
        scopes.push(new Scope(blockId, abbrevWidth, abbreviations, endBit));
        abbrevWidth = width;
        abbreviations = new ArrayList<>(blockInfo.getOrDefault(blockId, List.of()));
    }

    /** Skips the block announced by the last {@link Entry.SubBlock} using its length word. */
    public void skipBlock() throws BitstreamException {
        int blockId = takePendingBlock();
        cursor.readVbr(4);
        cursor.alignTo32();
        long words = cursor.read(32);
        if (words * 32 > cursor.bitsLeft()) {
            throw new BitstreamException(cursor.bitPosition(), "cannot skip block " + blockId + ": it declares "
                    + words + " words but only " + (cursor.bitsLeft() / 32) + " remain");
        }
        cursor.jumpToBit(cursor.bitPosition() + words * 32);
    }

    /** Skips the rest of the current block (already entered). */
    public void skipRestOfBlock() throws BitstreamException {
        Scope scope = scopes.pop();
        abbrevWidth = scope.abbrevWidth();
        abbreviations = scope.abbreviations();
        cursor.jumpToBit(scope.endBit());
    }

    /** Reads the BLOCKINFO block announced by the last {@link Entry.SubBlock}; its abbreviations apply from now on. */
    public void readBlockInfoBlock() throws BitstreamException {
        enterBlock();
        Record record = new Record();
        int target = -1;
        while (true) {
            int id = (int) cursor.read(abbrevWidth);
            if (id == END_BLOCK) {
                cursor.alignTo32();
                Scope closed = scopes.pop();
                abbrevWidth = closed.abbrevWidth();
                abbreviations = closed.abbreviations();
                return;
            }
            if (id == ENTER_SUBBLOCK) {
                pendingBlockId = (int) cursor.readVbr(8);
                skipBlock();
            } else if (id == DEFINE_ABBREV) {
                if (target < 0) {
                    throw new BitstreamException(cursor.bitPosition(), "BLOCKINFO abbreviation before SETBID");
                }
                blockInfo.computeIfAbsent(target, k -> new ArrayList<>()).add(readAbbreviation());
            } else {
                readRecord(id, record);
                if (record.code() == BLOCKINFO_CODE_SETBID) {
                    if (record.size() < 1) {
                        throw new BitstreamException(cursor.bitPosition(), "SETBID without a block id");
                    }
                    target = (int) record.get(0);
                }
            }
        }
    }

    /** Reads the record with the given abbreviation id into {@code record}; returns its code. */
    public int readRecord(int abbrevId, Record record) throws BitstreamException {
        record.reset(cursor.buffer());
        if (abbrevId == UNABBREV_RECORD) {
            record.setCode((int) cursor.readVbr(6));
            long count = cursor.readVbr(6);
            checkPlausible(count, UNABBREVIATED_OPERAND_BITS); // each operand is a VBR6: 6 bits at least
            int at = append(record, count);
            cursor.readVbr64s(6, (int) count, record.operands(), at);
            return record.code();
        }
        int index = abbrevId - FIRST_APPLICATION_ABBREV;
        if (index < 0 || index >= abbreviations.size()) {
            throw new BitstreamException(cursor.bitPosition(), "invalid abbreviation id " + abbrevId);
        }
        Abbreviation abbreviation = abbreviations.get(index);
        byte[] kinds = abbreviation.kinds;
        long[] values = abbreviation.values;
        int n = kinds.length;
        if (kinds[0] == Abbreviation.ARRAY || kinds[0] == Abbreviation.BLOB) {
            throw new BitstreamException(cursor.bitPosition(), "abbreviation starts with an array or a blob");
        }
        record.setCode((int) readScalar(kinds[0], values[0]));
        for (int i = 1; i < n; i++) {
            byte kind = kinds[i];
            if (kind == Abbreviation.FIXED) {
                record.add(cursor.read((int) values[i]));
            } else if (kind == Abbreviation.VBR) {
                record.add(cursor.readVbr64((int) values[i]));
            } else if (kind == Abbreviation.ARRAY) {
                if (i + 2 != n) {
                    throw new BitstreamException(cursor.bitPosition(), "array is not the second-to-last operand");
                }
                byte element = kinds[++i];
                long width = values[i];
                if (element == Abbreviation.ARRAY || element == Abbreviation.BLOB) {
                    throw new BitstreamException(cursor.bitPosition(), "array of arrays or blobs");
                }
                long count = cursor.readVbr(6);
                checkPlausible(count, minimumBits(element, width));
                checkDecodedSize(record, count, minimumBits(element, width));
                record.ensureRoomFor(count);
                if (element == Abbreviation.FIXED) {
                    int at = append(record, count);
                    cursor.readFixeds((int) width, (int) count, record.operands(), at);
                } else if (element == Abbreviation.VBR) {
                    int at = append(record, count);
                    cursor.readVbr64s((int) width, (int) count, record.operands(), at);
                } else if (element == Abbreviation.CHAR6) {
                    for (long j = 0; j < count; j++) {
                        record.add(CHAR6.charAt((int) cursor.read(6)));
                    }
                } else {
                    for (long j = 0; j < count; j++) {
                        record.add(readScalar(element, width));
                    }
                }
            } else if (kind == Abbreviation.BLOB) {
                long length = cursor.readVbr(6);
                cursor.alignTo32();
                if (length * 8 > cursor.bitsLeft()) {
                    throw new BitstreamException(cursor.bitPosition(), "blob of " + length + " bytes ends past the stream");
                }
                int offset = (int) (cursor.bitPosition() >>> 3);
                record.setBlob(offset, (int) length);
                cursor.jumpToBit(cursor.bitPosition() + length * 8);
                cursor.alignTo32();
            } else {
                record.add(readScalar(kind, values[i]));
            }
        }
        return record.code();
    }

    // A plausible count can still be more operands than one array holds (a stream of gigabits).
    private int append(Record record, long count) throws BitstreamException {
        if (count > Integer.MAX_VALUE - 8 - record.size()) {
            throw new BitstreamException(cursor.bitPosition(), "count " + count + " is more than a record can hold");
        }
        return record.append((int) count);
    }

    private long readScalar(byte kind, long value) throws BitstreamException {
        return switch (kind) {
            case Abbreviation.LITERAL -> value;
            case Abbreviation.FIXED -> cursor.read((int) value);
            case Abbreviation.VBR -> cursor.readVbr64((int) value);
            case Abbreviation.CHAR6 -> CHAR6.charAt((int) cursor.read(6));
            default -> throw new BitstreamException(cursor.bitPosition(), "not a scalar encoding: " + Abbreviation.name(kind));
        };
    }

    private static int minimumBits(byte element, long width) {
        return switch (element) {
            case Abbreviation.LITERAL -> 0;
            case Abbreviation.FIXED, Abbreviation.VBR -> (int) width;
            case Abbreviation.CHAR6 -> 6;
            default -> 1;
        };
    }

    // LLVM's isSizePlausible: a count that cannot fit in what is left is a lie, not an allocation.
    // Elements of zero bits (literals, fixed(0)) are bounded as if they took one, as LLVM bounds
    // every count by the stream's size in bits.
    private void checkPlausible(long count, int bitsPerElement) throws BitstreamException {
        if (count > cursor.bitsLeft() / Math.max(1, bitsPerElement)) {
            throw new BitstreamException(cursor.bitPosition(), "count " + count + " exceeds the " + cursor.bitsLeft()
                    + " bits left");
        }
    }

    /**
     * An operand is 8 bytes here however few bits it took in the stream: elements narrower than an
     * unabbreviated operand (fixed(1) to fixed(5), literals) would make a record up to 64 times the
     * member's size. A record holds at most one operand per 6 bits of the whole stream (LLVM's
     * isSizePlausible bounds by the whole stream too), as many as unabbreviated operands could give:
     * about 11 times the member. LLVM's writer uses such narrow elements only for type numbers in a
     * module of few types, a few per record.
     */
    private void checkDecodedSize(Record record, long count, int bitsPerElement) throws BitstreamException {
        long streamBits = cursor.bitPosition() + cursor.bitsLeft();
        if (record.size() + count > streamBits / UNABBREVIATED_OPERAND_BITS) {
            throw new BitstreamException(cursor.bitPosition(), "array of " + count + " " + bitsPerElement
                    + "-bit elements: more operands than one per " + UNABBREVIATED_OPERAND_BITS + " bits of the " + streamBits
                    + "-bit stream");
        }
    }

    private Abbreviation readAbbreviation() throws BitstreamException {
        long count = cursor.readVbr(5);
        if (count == 0) {
            throw new BitstreamException(cursor.bitPosition(), "abbreviation with no operands");
        }
        checkPlausible(count, 1);
        byte[] kinds = new byte[(int) count];
        long[] values = new long[(int) count];
        for (int i = 0; i < kinds.length; i++) {
            if (cursor.read(1) == 1) {
                kinds[i] = Abbreviation.LITERAL;
                values[i] = cursor.readVbr64(8);
                continue;
            }
            int encoding = (int) cursor.read(3);
            switch (encoding) {
                case ENCODING_FIXED, ENCODING_VBR -> {
                    long width = cursor.readVbr64(5);
                    if (width == 0) {
                        // LLVM reads fixed(0) and vbr(0) as a literal zero.
                        kinds[i] = Abbreviation.LITERAL;
                    } else if (width > BitCursor.MAX_CHUNK_SIZE || (encoding == ENCODING_VBR && width < 2)) {
                        throw new BitstreamException(cursor.bitPosition(), "abbreviation field width " + width);
                    } else {
                        kinds[i] = encoding == ENCODING_FIXED ? Abbreviation.FIXED : Abbreviation.VBR;
                        values[i] = width;
                    }
                }
                case ENCODING_ARRAY -> kinds[i] = Abbreviation.ARRAY;
                case ENCODING_CHAR6 -> kinds[i] = Abbreviation.CHAR6;
                case ENCODING_BLOB -> kinds[i] = Abbreviation.BLOB;
                default -> throw new BitstreamException(cursor.bitPosition(), "invalid abbreviation encoding " + encoding);
            }
        }
        return new Abbreviation(kinds, values);
    }

    private int takePendingBlock() throws BitstreamException {
        if (pendingBlockId < 0) {
            throw new BitstreamException(cursor.bitPosition(), "no sub-block announced");
        }
        int id = pendingBlockId;
        pendingBlockId = -1;
        return id;
    }
}
