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
                    return new Entry.Record(id);
                }
            }
        }
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
            checkPlausible(count, 1);
            record.ensureRoomFor(count);
            for (long i = 0; i < count; i++) {
                record.add(cursor.readVbr64(6));
            }
            return record.code();
        }
        int index = abbrevId - FIRST_APPLICATION_ABBREV;
        if (index < 0 || index >= abbreviations.size()) {
            throw new BitstreamException(cursor.bitPosition(), "invalid abbreviation id " + abbrevId);
        }
        List<Abbreviation.Operand> ops = abbreviations.get(index).operands();
        Abbreviation.Operand codeOp = ops.get(0);
        if (codeOp.kind() == Abbreviation.Operand.Kind.ARRAY || codeOp.kind() == Abbreviation.Operand.Kind.BLOB) {
            throw new BitstreamException(cursor.bitPosition(), "abbreviation starts with an array or a blob");
        }
        record.setCode((int) readScalar(codeOp));
        for (int i = 1; i < ops.size(); i++) {
            Abbreviation.Operand op = ops.get(i);
            switch (op.kind()) {
                case ARRAY -> {
                    if (i + 2 != ops.size()) {
                        throw new BitstreamException(cursor.bitPosition(), "array is not the second-to-last operand");
                    }
                    Abbreviation.Operand element = ops.get(++i);
                    if (element.kind() == Abbreviation.Operand.Kind.ARRAY
                            || element.kind() == Abbreviation.Operand.Kind.BLOB) {
                        throw new BitstreamException(cursor.bitPosition(), "array of arrays or blobs");
                    }
                    long count = cursor.readVbr(6);
                    checkPlausible(count, minimumBits(element));
                    record.ensureRoomFor(count);
                    for (long j = 0; j < count; j++) {
                        record.add(readScalar(element));
                    }
                }
                case BLOB -> {
                    long length = cursor.readVbr(6);
                    cursor.alignTo32();
                    if (length * 8 > cursor.bitsLeft()) {
                        throw new BitstreamException(cursor.bitPosition(), "blob of " + length + " bytes ends past the stream");
                    }
                    int offset = (int) (cursor.bitPosition() >>> 3);
                    record.setBlob(offset, (int) length);
                    cursor.jumpToBit(cursor.bitPosition() + length * 8);
                    cursor.alignTo32();
                }
                default -> record.add(readScalar(op));
            }
        }
        return record.code();
    }

    private long readScalar(Abbreviation.Operand op) throws BitstreamException {
        return switch (op.kind()) {
            case LITERAL -> op.value();
            case FIXED -> cursor.read((int) op.value());
            case VBR -> cursor.readVbr64((int) op.value());
            case CHAR6 -> CHAR6.charAt((int) cursor.read(6));
            default -> throw new BitstreamException(cursor.bitPosition(), "not a scalar encoding: " + op.kind());
        };
    }

    private static int minimumBits(Abbreviation.Operand element) {
        return switch (element.kind()) {
            case LITERAL -> 0;
            case FIXED, VBR -> (int) element.value();
            case CHAR6 -> 6;
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

    private Abbreviation readAbbreviation() throws BitstreamException {
        long count = cursor.readVbr(5);
        if (count == 0) {
            throw new BitstreamException(cursor.bitPosition(), "abbreviation with no operands");
        }
        checkPlausible(count, 1);
        List<Abbreviation.Operand> ops = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            if (cursor.read(1) == 1) {
                ops.add(new Abbreviation.Operand(Abbreviation.Operand.Kind.LITERAL, cursor.readVbr64(8)));
                continue;
            }
            int encoding = (int) cursor.read(3);
            switch (encoding) {
                case ENCODING_FIXED, ENCODING_VBR -> {
                    long width = cursor.readVbr64(5);
                    if (width == 0) {
                        // LLVM reads fixed(0) and vbr(0) as a literal zero.
                        ops.add(new Abbreviation.Operand(Abbreviation.Operand.Kind.LITERAL, 0));
                    } else if (width > BitCursor.MAX_CHUNK_SIZE || (encoding == ENCODING_VBR && width < 2)) {
                        throw new BitstreamException(cursor.bitPosition(), "abbreviation field width " + width);
                    } else {
                        ops.add(new Abbreviation.Operand(encoding == ENCODING_FIXED ? Abbreviation.Operand.Kind.FIXED
                                : Abbreviation.Operand.Kind.VBR, width));
                    }
                }
                case ENCODING_ARRAY -> ops.add(new Abbreviation.Operand(Abbreviation.Operand.Kind.ARRAY, 0));
                case ENCODING_CHAR6 -> ops.add(new Abbreviation.Operand(Abbreviation.Operand.Kind.CHAR6, 0));
                case ENCODING_BLOB -> ops.add(new Abbreviation.Operand(Abbreviation.Operand.Kind.BLOB, 0));
                default -> throw new BitstreamException(cursor.bitPosition(), "invalid abbreviation encoding " + encoding);
            }
        }
        return new Abbreviation(List.copyOf(ops));
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
