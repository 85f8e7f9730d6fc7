package dev.ltocheck.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test's view of raw bitcode that knows where every record field lies, so that a test can
 * rewrite one field in place: the way to build modules llvm-as refuses to write (a constant that
 * is its own operand, a uniqued node that refers forward). Fields are rewritten within their own
 * bits (a VBR keeps its chunk count), so nothing around them moves and every length stays right.
 *
 * <p>Independent of ltocheck's own bitstream reader on purpose: a test of that reader must not
 * build its inputs with it.
 */
public final class BitcodeRecords {
    /** Where one scalar lies: a fixed field of {@code width} bits, or a VBR of {@code width}-bit chunks. */
    public record Field(long bit, int width, boolean vbr, int chunks, long value) {
    }

    /** One record: its block, its code and its operands (blobs and char6 arrays are left out). */
    public record Rec(int blockId, int parentBlockId, Field code, List<Field> operands) {
        public long op(int i) {
            return operands.get(i).value();
        }
    }

    private record Op(int kind, long value) { // kind: 0 literal, 1 fixed, 2 vbr, 3 array, 4 char6, 5 blob
    }

    private final byte[] bytes;
    private long bit;
    private final List<Rec> records = new ArrayList<>();
    private final Map<Integer, List<List<Op>>> blockInfo = new HashMap<>();

    private BitcodeRecords(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Every record of raw bitcode (starting with the 'BC' magic), in stream order. */
    public static List<Rec> read(byte[] bitcode) {
        BitcodeRecords r = new BitcodeRecords(bitcode);
        r.bit = 32;
        r.block(-1, -1, 2, new ArrayList<>(), bitcode.length * 8L);
        return r.records;
    }

    /** {@code bitcode} with one field set to {@code value}, in the field's own bits. */
    public static byte[] with(byte[] bitcode, Field field, long value) {
        byte[] out = bitcode.clone();
        set(out, field, value);
        return out;
    }

    /** Sets one field of {@code out} to {@code value}, in the field's own bits. */
    public static void set(byte[] out, Field field, long value) {
        if (!field.vbr()) {
            if (field.width() < 64 && value >>> field.width() != 0) {
                throw new IllegalArgumentException(value + " does not fit in " + field.width() + " bits");
            }
            put(out, field.bit(), field.width(), value);
            return;
        }
        int payload = field.width() - 1;
        long at = field.bit();
        long rest = value;
        for (int i = 0; i < field.chunks(); i++) {
            boolean last = i == field.chunks() - 1;
            put(out, at, payload, rest & ((1L << payload) - 1));
            put(out, at + payload, 1, last ? 0 : 1);
            rest >>>= payload;
            at += field.width();
        }
        if (rest != 0) {
            throw new IllegalArgumentException(value + " does not fit in " + field.chunks() + " chunks");
        }
    }

    private static void put(byte[] out, long at, int width, long value) {
        for (int i = 0; i < width; i++) {
            long b = at + i;
            int mask = 1 << (b % 8);
            if (((value >>> i) & 1) != 0) {
                out[(int) (b / 8)] |= (byte) mask;
            } else {
                out[(int) (b / 8)] &= (byte) ~mask;
            }
        }
    }

    private long fixed(int width) {
        long v = 0;
        for (int i = 0; i < width; i++, bit++) {
            v |= (long) ((bytes[(int) (bit / 8)] >> (bit % 8)) & 1) << i;
        }
        return v;
    }

    private Field vbrField(int width) {
        long start = bit;
        long v = 0;
        int shift = 0;
        int chunks = 0;
        while (true) {
            long chunk = fixed(width);
            chunks++;
            v |= (chunk & ((1L << (width - 1)) - 1)) << shift;
            shift += width - 1;
            if ((chunk & (1L << (width - 1))) == 0) {
                return new Field(start, width, true, chunks, v);
            }
        }
    }

    private long vbr(int width) {
        return vbrField(width).value();
    }

    private void align32() {
        bit = (bit + 31) / 32 * 32;
    }

    private void block(int blockId, int parentId, int width, List<List<Op>> abbrevs, long end) {
        int setBid = -1;
        while (bit < end) {
            if (blockId == -1 && end - bit < 32) {
                return;
            }
            int id = (int) fixed(width);
            switch (id) {
                case 0 -> {
                    align32();
                    return;
                }
                case 1 -> {
                    int sub = (int) vbr(8);
                    int subWidth = (int) vbr(4);
                    align32();
                    long words = fixed(32);
                    long subEnd = bit + words * 32;
                    block(sub, blockId, subWidth, new ArrayList<>(blockInfo.getOrDefault(sub, List.of())), subEnd);
                    bit = subEnd;
                }
                case 2 -> {
                    List<Op> abbrev = defineAbbrev();
                    if (blockId == 0) {
                        blockInfo.computeIfAbsent(setBid, k -> new ArrayList<>()).add(abbrev);
                    } else {
                        abbrevs.add(abbrev);
                    }
                }
                case 3 -> {
                    Field code = vbrField(6);
                    long count = vbr(6);
                    List<Field> ops = new ArrayList<>();
                    for (long i = 0; i < count; i++) {
                        ops.add(vbrField(6));
                    }
                    if (blockId == 0 && code.value() == 1) {
                        setBid = (int) ops.get(0).value();
                    }
                    records.add(new Rec(blockId, parentId, code, ops));
                }
                default -> records.add(abbreviated(blockId, parentId, abbrevs.get(id - 4)));
            }
        }
    }

    private List<Op> defineAbbrev() {
        long count = vbr(5);
        List<Op> ops = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            if (fixed(1) == 1) {
                ops.add(new Op(0, vbr(8)));
                continue;
            }
            int encoding = (int) fixed(3);
            ops.add(switch (encoding) {
                case 1, 2 -> {
                    long w = vbr(5);
                    yield w == 0 ? new Op(0, 0) : new Op(encoding, w);
                }
                default -> new Op(encoding, 0);
            });
        }
        return ops;
    }

    private Rec abbreviated(int blockId, int parentId, List<Op> abbrev) {
        Field code = scalar(abbrev.get(0));
        List<Field> ops = new ArrayList<>();
        for (int i = 1; i < abbrev.size(); i++) {
            Op op = abbrev.get(i);
            if (op.kind() == 3) {
                Op element = abbrev.get(++i);
                long count = vbr(6);
                for (long j = 0; j < count; j++) {
                    Field f = scalar(element);
                    if (element.kind() != 4) {
                        ops.add(f);
                    }
                }
            } else if (op.kind() == 5) {
                long length = vbr(6);
                align32();
                bit += length * 8;
                align32();
            } else {
                ops.add(scalar(op));
            }
        }
        return new Rec(blockId, parentId, code, ops);
    }

    private Field scalar(Op op) {
        long start = bit;
        return switch (op.kind()) {
            case 0 -> new Field(start, 0, false, 0, op.value());
            case 1 -> new Field(start, (int) op.value(), false, 0, fixed((int) op.value()));
            case 2 -> vbrField((int) op.value());
            case 4 -> new Field(start, 6, false, 0, fixed(6));
            default -> throw new IllegalStateException("not a scalar: " + op.kind());
        };
    }
}
