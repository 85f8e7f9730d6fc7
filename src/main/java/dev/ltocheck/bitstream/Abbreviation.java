package dev.ltocheck.bitstream;

import java.util.List;

/** A DEFINE_ABBREV: how an abbreviated record's operands are encoded. */
public record Abbreviation(List<Operand> operands) {

    /** One operand encoding of an abbreviation. */
    public record Operand(Kind kind, long value) {
        public enum Kind { LITERAL, FIXED, VBR, ARRAY, CHAR6, BLOB }
    }
}
