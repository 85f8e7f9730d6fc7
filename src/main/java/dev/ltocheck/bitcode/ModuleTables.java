package dev.ltocheck.bitcode;

import dev.ltocheck.bitstream.BitCursor;
import dev.ltocheck.bitstream.BitstreamException;
import dev.ltocheck.bitstream.Record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.ltocheck.bitcode.BitcodeIds.*;

/**
 * The first module's types, constants and metadata, numbered as LLVM numbers them: a type id, a
 * constant's value id and a metadata id mean here what they mean to LLVM's reader. The module-flag
 * decoder reads the flags out of these tables, and the safety check checks what they refer to;
 * both take them from the same walk.
 */
final class ModuleTables {
    /**
     * Record codes that define one metadata id (LLVM 20's MetadataCodes): every code but NAME, KIND,
     * NAMED_NODE, ATTACHMENT, STRINGS (which defines its count), GLOBAL_DECL_ATTACHMENT and the
     * index records. Codes LLVM does not know define nothing: it skips them.
     */
    private static final Set<Integer> DEFINING = Set.of(METADATA_STRING_OLD, METADATA_VALUE, METADATA_NODE,
            METADATA_DISTINCT_NODE, METADATA_LOCATION, METADATA_OLD_NODE, METADATA_OLD_FN_NODE, METADATA_GENERIC_DEBUG,
            METADATA_SUBRANGE, METADATA_ENUMERATOR, METADATA_BASIC_TYPE, METADATA_FILE, METADATA_DERIVED_TYPE,
            METADATA_COMPOSITE_TYPE, METADATA_SUBROUTINE_TYPE, METADATA_COMPILE_UNIT, METADATA_SUBPROGRAM,
            METADATA_LEXICAL_BLOCK, METADATA_LEXICAL_BLOCK_FILE, METADATA_NAMESPACE, METADATA_TEMPLATE_TYPE,
            METADATA_TEMPLATE_VALUE, METADATA_GLOBAL_VAR, METADATA_LOCAL_VAR, METADATA_EXPRESSION, METADATA_OBJC_PROPERTY,
            METADATA_IMPORTED_ENTITY, METADATA_MODULE, METADATA_MACRO, METADATA_MACRO_FILE, METADATA_GLOBAL_VAR_EXPR,
            METADATA_LABEL, METADATA_STRING_TYPE, METADATA_COMMON_BLOCK, METADATA_GENERIC_SUBRANGE, METADATA_ARG_LIST,
            METADATA_ASSIGN_ID);

    /** Records that define metadata but are not plain nodes, values or strings: debug information. */
    private static final Set<Integer> PLAIN = Set.of(METADATA_STRING_OLD, METADATA_VALUE, METADATA_NODE,
            METADATA_DISTINCT_NODE, METADATA_OLD_NODE, METADATA_OLD_FN_NODE);

    /** Marks a constant's {type, bits, FLOATING} entry. */
    static final long FLOATING = 1;

    private final List<Integer> typeWidths = new ArrayList<>(); // per type id: integer width, or 0
    private final List<Integer> typeCodes = new ArrayList<>();  // per type id: its TYPE_CODE
    private final BitSet metadataTypes = new BitSet();
    private final List<long[]> constants = new ArrayList<>();    // per constant: {type id, value} or null
    private final List<Object> metadata = new ArrayList<>();     // byte[] string | long[] node ops | Long value id
    private final BitSet distinct = new BitSet();
    private final Map<String, long[]> named = new HashMap<>();
    private boolean debugInfo;
    private int currentType = -1;
    private String pendingName;

    /** One record of a block of the first module; the tables keep what defines a type, constant or metadata id. */
    void record(int blockId, Record r) throws SummaryFormatException {
        switch (blockId) {
            case TYPE_BLOCK -> type(r);
            case CONSTANTS_BLOCK -> constant(r);
            case METADATA_BLOCK -> metadata(r);
            default -> {
            }
        }
    }

    /** How many types the type table defines. */
    int typeCount() {
        return typeWidths.size();
    }

    /** The width of an integer type, 0 for any other type or an id outside the table. */
    int integerWidth(long typeId) {
        return typeId >= 0 && typeId < typeWidths.size() ? typeWidths.get((int) typeId) : 0;
    }

    /** The TYPE_CODE that defined a type, -1 for an id outside the table. */
    int typeCode(long typeId) {
        return typeId >= 0 && typeId < typeCodes.size() ? typeCodes.get((int) typeId) : -1;
    }

    /** Whether a type id is LLVM's {@code metadata} type. */
    boolean isMetadataType(int typeId) {
        return metadataTypes.get(typeId);
    }

    /** How many constants the module's constants block defines. */
    int constantCount() {
        return constants.size();
    }

    /** A constant: {type id, value}, {type id, bits, FLOATING}, or null for a kind not decoded. */
    long[] constant(int index) {
        return constants.get(index);
    }

    /** Per metadata id: a string's bytes, a node's operands (id + 1, or 0), a VALUE's value id, or null. */
    List<Object> metadata() {
        return metadata;
    }

    /** Which metadata ids are distinct nodes. */
    BitSet distinct() {
        return distinct;
    }

    /** The named nodes: name -> the metadata ids of their operands. */
    Map<String, long[]> named() {
        return named;
    }

    /** Whether the module metadata holds any debug-info record. */
    boolean hasDebugInfo() {
        return debugInfo;
    }

    static boolean isString(Object metadata) {
        return metadata instanceof byte[];
    }

    // TYPE_CODE_NUMENTRY and STRUCT_NAME define no type; INTEGER is [width].
    private void type(Record r) {
        if (r.code() == TYPE_CODE_NUMENTRY || r.code() == TYPE_CODE_STRUCT_NAME) {
            return;
        }
        if (r.code() == TYPE_CODE_METADATA) {
            metadataTypes.set(typeWidths.size());
        }
        typeWidths.add(r.code() == TYPE_CODE_INTEGER && r.size() > 0 ? (int) r.get(0) : 0);
        typeCodes.add(r.code());
    }

    // CST_CODE_SETTYPE sets the type of what follows; NULL is zero; INTEGER is a sign-rotated VBR.
    private void constant(Record r) {
        if (r.code() == CST_CODE_SETTYPE) {
            currentType = r.size() > 0 ? (int) r.get(0) : -1;
            return;
        }
        if (r.code() == CST_CODE_NULL) { // zero of the current type (how i32 0 is written)
            constants.add(new long[]{currentType, 0});
        } else if (r.code() == CST_CODE_INTEGER && r.size() > 0) {
            long v = r.get(0);
            long value = (v & 1) == 0 ? v >>> 1 : (v >>> 1 == 0 ? Long.MIN_VALUE : -(v >>> 1));
            constants.add(new long[]{currentType, value});
        } else if (r.code() == CST_CODE_FLOAT && r.size() > 0) { // [bits] of a float or double
            constants.add(new long[]{currentType, r.get(0), FLOATING});
        } else {
            constants.add(null);
        }
    }

    private void metadata(Record r) throws SummaryFormatException {
        switch (r.code()) {
            case METADATA_STRINGS -> strings(r); // [count, offset size, blob]
            case METADATA_NAME -> pendingName = r.string(0); // then NAMED_NODE
            case METADATA_NAMED_NODE -> {
                long[] ids = new long[r.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = r.get(i);
                }
                if (pendingName != null) {
                    named.put(pendingName, ids);
                }
                pendingName = null;
            }
            case METADATA_VALUE -> { // [type, value id]
                if (r.size() != 2) {
                    throw new SummaryFormatException("METADATA_BLOCK", "METADATA_VALUE with " + r.size() + " operands");
                }
                metadata.add(Long.valueOf(r.get(1)));
            }
            case METADATA_NODE, METADATA_DISTINCT_NODE -> { // [metadata id + 1 or 0]...
                if (r.code() == METADATA_DISTINCT_NODE) {
                    distinct.set(metadata.size());
                }
                long[] ops = new long[r.size()];
                for (int i = 0; i < ops.length; i++) {
                    ops[i] = r.get(i);
                }
                metadata.add(ops);
            }
            case METADATA_STRING_OLD -> { // [characters]
                byte[] chars = new byte[r.size()];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = (byte) r.get(i);
                }
                metadata.add(chars);
            }
            default -> {
                if (DEFINING.contains(r.code())) {
                    debugInfo |= !PLAIN.contains(r.code());
                    metadata.add(null);
                }
            }
        }
    }

    private void strings(Record r) throws SummaryFormatException {
        if (r.size() < 2 || !r.hasBlob()) {
            throw new SummaryFormatException("METADATA_BLOCK", "METADATA_STRINGS without counts or blob");
        }
        long count = r.get(0);
        long offset = r.get(1);
        ByteBuffer blob = r.blob();
        if (offset > blob.limit() || count > blob.limit() * 8L) {
            throw new SummaryFormatException("METADATA_BLOCK", "METADATA_STRINGS counts exceed the blob");
        }
        try {
            // The lengths are VBR6 in a bitstream of their own, then the characters follow.
            BitCursor lengths = new BitCursor(blob.slice(0, (int) offset));
            int at = (int) offset;
            for (long i = 0; i < count; i++) {
                long length = lengths.readVbr(6);
                // Compared as what is left, never as at + length: a length near 2^31 must not wrap.
                if (length < 0 || length > blob.limit() - at) {
                    throw new SummaryFormatException("METADATA_BLOCK", "string " + i + " ends past the blob");
                }
                byte[] bytes = new byte[(int) length];
                blob.get(at, bytes);
                metadata.add(bytes);
                at += (int) length;
            }
        } catch (BitstreamException e) {
            throw new SummaryFormatException("METADATA_BLOCK", "METADATA_STRINGS lengths: " + e.getMessage());
        }
    }
}
