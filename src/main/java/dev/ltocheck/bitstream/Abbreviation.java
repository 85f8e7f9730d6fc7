package dev.ltocheck.bitstream;

/**
 * A DEFINE_ABBREV: how an abbreviated record's operands are encoded, as two parallel arrays (the
 * encoding of each operand, and its width or literal value), so that decoding a record with it
 * walks arrays rather than a list of operand objects.
 */
final class Abbreviation {
    static final byte LITERAL = 0;
    static final byte FIXED = 1;
    static final byte VBR = 2;
    static final byte ARRAY = 3;
    static final byte CHAR6 = 4;
    static final byte BLOB = 5;
    private static final String[] NAMES = {"LITERAL", "FIXED", "VBR", "ARRAY", "CHAR6", "BLOB"};

    /** Each operand's encoding: one of the constants above. */
    final byte[] kinds;
    /** Each operand's width (fixed, VBR) or value (literal); 0 for the others. */
    final long[] values;

    Abbreviation(byte[] kinds, long[] values) {
        this.kinds = kinds;
        this.values = values;
    }

    static String name(byte kind) {
        return NAMES[kind];
    }
}
