package dev.ltocheck.bitcode;

import dev.ltocheck.bitstream.HandMadeRecords;
import dev.ltocheck.bitstream.Record;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import static dev.ltocheck.bitcode.BitcodeIds.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The positions MetadataOperands reports are those LLVM 20's MetadataLoader::parseOneMetadata
 * resolves, with its length conditions and its 32-bit fields (each test quotes the line). What
 * real objects make of it: cli/MetadataOperandLengthsTest.
 */
class MetadataOperandsTest {
    private static final long TWO_TO_32 = 1L << 32;

    private static List<Integer> positions(Record r, IntPredicate isMetadataType) {
        List<Integer> seen = new ArrayList<>();
        assertNull(MetadataOperands.references(r, isMetadataType, (position, kind) -> seen.add(position)));
        return seen;
    }

    private static List<Integer> positions(int code, long... operands) {
        return positions(HandMadeRecords.of(code, operands), t -> false);
    }

    private static long[] operands(int n) {
        long[] ops = new long[n];
        for (int i = 0; i < n; i++) {
            ops[i] = i + 1;
        }
        return ops;
    }

    // if (Record.size() > 14) { if (Record[13]) Annotations = getMDOrNull(Record[13]); ... }
    @Test
    void derivedTypeAnnotationsAreReadOnlyWithTheFifteenthOperand() {
        assertEquals(List.of(2, 3, 5, 6, 11), positions(METADATA_DERIVED_TYPE, operands(13)));
        assertEquals(List.of(2, 3, 5, 6, 11), positions(METADATA_DERIVED_TYPE, operands(14)));
        assertEquals(List.of(2, 3, 5, 6, 11, 13), positions(METADATA_DERIVED_TYPE, operands(15)));
    }

    // unsigned Tag = Record[1]; unsigned Version = Record[2]; if (Tag >= 1u << 16 || Version != 0) error
    @Test
    void genericDebugTagAndVersionAreCutTo32Bits() {
        assertEquals(List.of(3, 4, 5), positions(METADATA_GENERIC_DEBUG, 0, TWO_TO_32 + 0x101, TWO_TO_32, 1, 2, 3));
        assertEquals(List.of(), positions(METADATA_GENERIC_DEBUG, 0, TWO_TO_32 + (1 << 16), 0, 1, 2, 3));
        assertEquals(List.of(), positions(METADATA_GENERIC_DEBUG, 0, 0x101, TWO_TO_32 + 1, 1, 2, 3));
    }

    // unsigned Version = Record[0] >> 1; Version 2 reads 9, 10 and (size > 12) 12
    @Test
    void globalVariableVersionIsCutTo32Bits() {
        long[] ops = operands(13);
        ops[0] = (TWO_TO_32 + 2) << 1;
        assertEquals(List.of(1, 4, 6, 10, 2, 3, 9, 12), positions(METADATA_GLOBAL_VAR, ops));
        ops[0] = (TWO_TO_32 + 3) << 1; // version 3: refused by LLVM ("Invalid record")
        assertEquals(List.of(), positions(METADATA_GLOBAL_VAR, ops));
    }

    // unsigned TyID = Record[i]; if (Ty->isMetadataTy()) Elts.push_back(getMD(Record[i + 1]))
    @Test
    void oldNodeTypeIdIsCutTo32Bits() {
        IntPredicate typeThreeIsMetadata = t -> t == 3;
        assertEquals(List.of(1), positions(HandMadeRecords.of(METADATA_OLD_NODE, TWO_TO_32 + 3, 7, 2, 8),
                typeThreeIsMetadata));
        assertEquals(List.of(), positions(HandMadeRecords.of(METADATA_OLD_NODE, -4, 7), typeThreeIsMetadata));
    }

    /** A string (0), an empty node (1), then {@code last} as the block's third record (2), judged as LlvmSafetyCheck does. */
    private static void block(Record last) throws SummaryFormatException {
        ModuleTables tables = new ModuleTables();
        LlvmSafetyCheck safety = new LlvmSafetyCheck(tables);
        for (Record r : List.of(HandMadeRecords.of(METADATA_STRING_OLD, 'a'), HandMadeRecords.of(METADATA_NODE), last)) {
            safety.record(METADATA_BLOCK, r);
            tables.record(METADATA_BLOCK, r);
        }
        safety.check(0);
    }

    // Metadata *Scope = getMD(Record[3]); with getMD(unsigned ID): the id LLVM resolves is the low 32 bits
    @Test
    void aReferenceIsCutTo32BitsAsLlvmCutsIt() throws SummaryFormatException {
        block(HandMadeRecords.of(METADATA_LOCATION, 0, 1, 1, TWO_TO_32 + 1, 0));
        SummaryFormatException dangling = assertThrows(SummaryFormatException.class,
                () -> block(HandMadeRecords.of(METADATA_LOCATION, 0, 1, 1, TWO_TO_32 + 5, 0)));
        assertEquals("MODULE_BLOCK > METADATA_BLOCK: metadata record 7 refers to node 5 of 3 (operand 3)", dangling.getMessage());
    }

    // if (Record.size() != 5) return error("Invalid record");
    @Test
    void labelIsReadAtFiveOperandsOnly() {
        assertEquals(List.of(1, 3, 2), positions(METADATA_LABEL, operands(5)));
        assertEquals(List.of(), positions(METADATA_LABEL, operands(6)));
    }
}
