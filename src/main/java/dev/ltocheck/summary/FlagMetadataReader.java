package dev.ltocheck.summary;

import dev.ltocheck.bitstream.BitCursor;
import dev.ltocheck.bitstream.BitstreamException;
import dev.ltocheck.bitstream.BlockVisitor;
import dev.ltocheck.bitstream.StructureWalk;
import dev.ltocheck.bitstream.Record;
import dev.ltocheck.flags.FlagTreeBuilder;
import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.LlvmFloats;
import dev.ltocheck.flags.ModuleFlag;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.ltocheck.summary.BitcodeIds.*;

/**
 * Reads {@code !llvm.module.flags} without LLVM: the type table (integer widths), the module's
 * constants (their values), the module metadata (strings, VALUE and NODE records, named nodes).
 * For bitcode a newer LLVM wrote, which LLVM 20 refuses while its metadata is still readable.
 */
public final class FlagMetadataReader {
    /** Largest parameter index an attribute group may name: LLVM sizes an array by it. */
    private static final long MAX_PARAMETER_INDEX = 1 << 16;
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

    private boolean debugInfo;

    /** Whether the module metadata holds any debug-info record (a checker's finding). */
    boolean hasDebugInfo() {
        return debugInfo;
    }

    private final List<Integer> typeWidths = new ArrayList<>(); // per type id: integer width, or 0
    private final List<Integer> typeCodes = new ArrayList<>();  // per type id: its TYPE_CODE
    private final List<long[]> constants = new ArrayList<>();    // per constant: {type id, value} or null
    private final List<Object> metadata = new ArrayList<>();     // byte[] string | long[] node ops | Long value id
    private final Map<String, long[]> named = new HashMap<>();
    private int globals;

    private FlagMetadataReader() {
    }

    /**
     * A reader that checks what LLVM would trust (see {@link #checkReferences}) and reads the module
     * flags in the same pass ({@link #flagsOf}): one walk of the module's blocks, not two.
     */
    static FlagMetadataReader checker() {
        FlagMetadataReader r = new FlagMetadataReader();
        r.checks = true;
        r.cycles = new ConstantCycleCheck();
        return r;
    }

    /**
     * The module flags read in a checker's pass, once {@link #checkReferences} has passed.
     *
     * @param globalValues how many globals precede the constants in the module's value list
     */
    List<ModuleFlag> flagsOf(int globalValues) throws SummaryFormatException {
        globals = globalValues;
        return flags();
    }

    /**
     * Checks that the module metadata refers only to what exists: every node operand and named
     * node to a metadata id the block defines, every VALUE to a type and a module value. LLVM 20
     * resolves a dangling reference through an index that is empty outside ThinLTO importing, and
     * crashes (found by scripts/fuzz); such bitcode is not handed to it.
     *
     * @param globalValues how many globals precede the constants in the module's value list
     */
    void checkReferences(int globalValues) throws SummaryFormatException {
        // LLVM sizes its type table from NUMENTRY before reading a type: a lie there is an allocation
        // of any size, and LLVM exits the process when it fails ("LLVM ERROR: out of memory").
        if (declaredTypes != typeWidths.size() && declaredTypes >= 0) {
            throw new SummaryFormatException("MODULE_BLOCK > TYPE_BLOCK", "NUMENTRY declares " + declaredTypes
                    + " types, the block defines " + typeWidths.size());
        }
        if (badAttributeIndex >= 0) {
            throw new SummaryFormatException("MODULE_BLOCK > PARAMATTR_GROUP_BLOCK", "attribute group for parameter "
                    + badAttributeIndex + " (LLVM would allocate that many slots)");
        }
        if (cycles != null) {
            cycles.check(globalValues);
        }
        int count = metadata.size();
        for (int i = 0; i < count; i++) {
            if (metadata.get(i) instanceof long[] ops) {
                for (long op : ops) {
                    // Unsigned: an operand of 2^63 or more is no id either (LLVM cuts it to 32 bits).
                    if (op != 0 && Long.compareUnsigned(op - 1, count) >= 0) {
                        throw new SummaryFormatException("MODULE_BLOCK > METADATA_BLOCK", "metadata node " + i
                                + " refers to node " + Long.toUnsignedString(op - 1) + " of " + count);
                    }
                }
            }
        }
        for (long[] f : forwardReferences) {
            if (Long.compareUnsigned(f[0], count) >= 0) {
                throw new SummaryFormatException("MODULE_BLOCK > METADATA_BLOCK", "metadata record " + f[2]
                        + " refers to node " + Long.toUnsignedString(f[0]) + " of " + count + " (operand " + f[3] + ")");
            }
            if (f[1] == MetadataOperands.Kind.STRING_OR_NULL.ordinal()) {
                throw new SummaryFormatException("MODULE_BLOCK > METADATA_BLOCK", "metadata record " + f[2]
                        + " names " + f[0] + " as a string before it is defined (operand " + f[3] + ")");
            }
        }
        // LLVM resolves a chain of forward-referring uniqued nodes recursively: one deeper than a
        // loader thread's stack holds would end the process.
        ForwardChains.Found found = ForwardChains.walk(metadata, distinct);
        if (found.cycle() > 0) {
            throw new SummaryFormatException("MODULE_BLOCK > METADATA_BLOCK", "a cycle of " + found.cycle()
                    + " uniqued metadata nodes (LLVM's writer breaks cycles with distinct nodes; LLVM 20 corrupts"
                    + " its heap resolving some)");
        }
        int chain = found.depth();
        if (chain > ForwardChains.MAX_DEPTH) {
            throw new SummaryFormatException("MODULE_BLOCK > METADATA_BLOCK", "a chain of " + chain
                    + " metadata nodes that refer forward (LLVM resolves it recursively; at most "
                    + ForwardChains.MAX_DEPTH + " are read)");
        }
        for (Map.Entry<String, long[]> e : named.entrySet()) {
            for (long id : e.getValue()) {
                // Debug-info nodes are kept as null: nodes too. Strings and values are not (LLVM refuses those).
                if (id < 0 || id >= count || isString(metadata.get((int) id)) || metadata.get((int) id) instanceof Long) {
                    throw new SummaryFormatException("MODULE_BLOCK > METADATA_BLOCK", "!" + e.getKey() + " refers to "
                            + id + ", not a node of the " + count);
                }
            }
        }
        int values = globalValues + constants.size();
        if (useListSeen && Long.compareUnsigned(largestUseListValue, values) >= 0) {
            throw new SummaryFormatException("MODULE_BLOCK > USELIST_BLOCK", "use-list order of value "
                    + Long.toUnsignedString(largestUseListValue) + ", outside the module's " + values + " values");
        }
        for (long[] v : valueRefs) {
            if (v[0] < 0 || v[0] >= typeWidths.size() || v[1] < 0 || v[1] >= values) {
                throw new SummaryFormatException("MODULE_BLOCK > METADATA_BLOCK", "metadata value of type " + v[0]
                        + " and value " + v[1] + " outside the " + typeWidths.size() + " types and " + values + " values");
            }
        }
    }

    private final List<long[]> valueRefs = new ArrayList<>();
    private final java.util.BitSet distinct = new java.util.BitSet();
    /** A checker's: what LLVM would trust is checked as the records pass. */
    private boolean checks;
    /** A checker's: cycles among constants, which make LLVM's reader allocate without end. */
    private ConstantCycleCheck cycles;
    private int modulesEntered;

    /** @param globalValues how many globals precede the constants in the module's value list */
    public static List<ModuleFlag> read(ByteBuffer bitcode, int globalValues) throws SummaryFormatException {
        FlagMetadataReader r = new FlagMetadataReader();
        r.globals = globalValues;
        try {
            StructureWalk.walk(bitcode, id -> !READ_BLOCKS.contains(id), r.visitor());
        } catch (BitstreamException e) {
            throw new SummaryFormatException("MODULE_BLOCK > METADATA_BLOCK", e.getMessage());
        }
        return r.flags();
    }

    private static final Set<Integer> READ_BLOCKS = Set.of(MODULE_BLOCK, TYPE_BLOCK, CONSTANTS_BLOCK, METADATA_BLOCK,
            PARAMATTR_GROUP_BLOCK);

    /** Records of the first module's type, constants, metadata and attribute-group blocks. */
    BlockVisitor<SummaryFormatException> visitor() {
        return new BlockVisitor<>() {
            @Override
            public void enterBlock(int blockId, int parentBlockId) {
                if (blockId == MODULE_BLOCK && parentBlockId < 0) {
                    modulesEntered++;
                }
            }

            @Override
            public void record(int blockId, int parentBlockId, Record record) throws SummaryFormatException {
                if (parentBlockId != MODULE_BLOCK || modulesEntered != 1) {
                    return;
                }
                switch (blockId) {
                    case TYPE_BLOCK -> type(record);
                    case CONSTANTS_BLOCK -> constant(record);
                    case METADATA_BLOCK -> metadata(record);
                    case PARAMATTR_GROUP_BLOCK -> attributeGroup(record);
                    case USELIST_BLOCK -> useList(record);
                    default -> {
                    }
                }
            }
        };
    }

    private long badAttributeIndex = -1;
    private long largestUseListValue;
    private boolean useListSeen;

    // USELIST_CODE_DEFAULT / ENTRY: [index..., value id]. LLVM takes ValueList[id] unchecked (found by
    // scripts/fuzz: a crash in BitcodeReader::parseUseLists); records under three operands it refuses itself.
    private void useList(Record r) {
        if ((r.code() == USELIST_CODE_DEFAULT || r.code() == USELIST_CODE_ENTRY) && r.size() >= 3) {
            long value = r.get(r.size() - 1);
            if (!useListSeen || Long.compareUnsigned(value, largestUseListValue) > 0) {
                largestUseListValue = value; // unsigned: 2^63 and more are no value either
            }
            useListSeen = true;
        }
    }

    // PARAMATTR_GRP_CODE_ENTRY: [group id, index, ...]; index ~0U is the function, 0 the return value.
    private void attributeGroup(Record r) {
        if (r.code() == PARAMATTR_GRP_CODE_ENTRY && r.size() >= 2) {
            long index = r.get(1);
            if (index != 0xFFFFFFFFL && index > MAX_PARAMETER_INDEX) {
                badAttributeIndex = index;
            }
        }
    }

    private long declaredTypes = -1;

    // TYPE_CODE_NUMENTRY and STRUCT_NAME define no type; INTEGER is [width].
    private void type(Record r) {
        if (r.code() == TYPE_CODE_NUMENTRY) {
            declaredTypes = r.size() > 0 ? r.get(0) : -1;
            return;
        }
        if (r.code() == TYPE_CODE_STRUCT_NAME) {
            return;
        }
        if (r.code() == TYPE_CODE_METADATA) {
            metadataTypes.set(typeWidths.size());
        }
        typeWidths.add(r.code() == TYPE_CODE_INTEGER && r.size() > 0 ? (int) r.get(0) : 0);
        typeCodes.add(r.code());
    }

    private final java.util.BitSet metadataTypes = new java.util.BitSet();

    private int currentType = -1;

    // CST_CODE_SETTYPE sets the type of what follows; NULL is zero; INTEGER is a sign-rotated VBR.
    private void constant(Record r) {
        if (r.code() == CST_CODE_SETTYPE) {
            currentType = r.size() > 0 ? (int) r.get(0) : -1;
            return;
        }
        if (cycles != null) {
            cycles.constant(r);
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

    private String pendingName;

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
                valueRefs.add(new long[]{r.get(0), r.get(1)});
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
                if (checks) {
                    operandReferences(r);
                }
                if (DEFINING.contains(r.code())) {
                    debugInfo |= !PLAIN.contains(r.code());
                    metadata.add(null);
                }
            }
        }
    }

    /** References of a record other than a node that name metadata not defined yet: checked at the block's end. */
    private final List<long[]> forwardReferences = new ArrayList<>(); // {id, kind ordinal, record code, position}

    // Every debug-info record names metadata at its own positions (MetadataOperands); a name LLVM
    // cannot resolve, or a string position naming something else, is refused before LLVM reads it.
    private void operandReferences(Record r) throws SummaryFormatException {
        String[] problem = new String[1];
        String pastEnd = MetadataOperands.references(r, metadataTypes::get, (position, kind) -> {
            long v = r.get(position);
            if (kind != MetadataOperands.Kind.ID && v == 0) {
                return;
            }
            long id = kind == MetadataOperands.Kind.ID ? v : v - 1;
            if (id < 0 || id >= metadata.size()) {
                forwardReferences.add(new long[]{id, kind.ordinal(), r.code(), position});
            } else if (kind == MetadataOperands.Kind.STRING_OR_NULL && !isString(metadata.get((int) id))
                    && problem[0] == null) {
                problem[0] = "metadata record " + r.code() + " names " + id + " as a string, which it is not";
            }
        });
        if (pastEnd != null || problem[0] != null) {
            throw new SummaryFormatException("MODULE_BLOCK > METADATA_BLOCK", pastEnd != null ? pastEnd : problem[0]);
        }
    }

    private static boolean isString(Object metadata) {
        return metadata instanceof byte[];
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
                int length = (int) lengths.readVbr(6);
                if (length < 0 || at + length > blob.limit()) {
                    throw new SummaryFormatException("METADATA_BLOCK", "string " + i + " ends past the blob");
                }
                byte[] bytes = new byte[length];
                blob.get(at, bytes);
                metadata.add(bytes);
                at += length;
            }
        } catch (BitstreamException e) {
            throw new SummaryFormatException("METADATA_BLOCK", "METADATA_STRINGS lengths: " + e.getMessage());
        }
    }

    private List<ModuleFlag> flags() throws SummaryFormatException {
        List<ModuleFlag> flags = new ArrayList<>();
        for (long id : named.getOrDefault("llvm.module.flags", new long[0])) {
            long[] ops = node(id);
            if (ops == null || ops.length != 3) {
                throw new SummaryFormatException("METADATA_BLOCK", "module flag " + id + " is not a 3-operand node");
            }
            long[] behavior = integer(ops[0] - 1);
            Object key = at(ops[1] - 1);
            if (behavior == null || !(key instanceof byte[] k)) {
                throw new SummaryFormatException("METADATA_BLOCK", "module flag " + id + " is not {i32, !\"key\", value}");
            }
            FlagValue value = FlagTreeBuilder.build(graph, ops[2] - 1);
            flags.add(new ModuleFlag((int) behavior[1], new String(k, StandardCharsets.UTF_8), value));
        }
        return flags;
    }

    /** The module metadata as the one tree builder walks it: a reference is a metadata id, -1 for null. */
    private final FlagTreeBuilder.Graph<Long> graph = new FlagTreeBuilder.Graph<>() {
        @Override
        public FlagValue leaf(Long id) {
            if (id == -1) {
                return new FlagValue.Null();
            }
            Object o = at(id);
            if (o instanceof byte[] bytes) {
                return new FlagValue.Str(bytes);
            }
            if (o instanceof long[]) {
                return null;
            }
            if (o instanceof Long) {
                long[] integer = integer(id);
                if (integer != null) {
                    return new FlagValue.Int((int) integer[0], integer[1]);
                }
                String floating = floating(id);
                return new FlagValue.Constant(floating != null ? floating : UNDECODED_CONSTANT);
            }
            return new FlagValue.Damaged(id < 0 || id >= metadata.size() ? "a reference to metadata that does not exist"
                    : "metadata of another kind");
        }

        @Override
        public Object identity(Long id) {
            return id;
        }

        @Override
        public int operandCount(Long tuple) {
            return node(tuple).length;
        }

        @Override
        public List<Long> operands(Long tuple) {
            long[] ops = node(tuple);
            List<Long> ids = new ArrayList<>(ops.length);
            for (long op : ops) {
                ids.add(op - 1);
            }
            return ids;
        }
    };

    /** What this reader gives for a constant other than an integer of up to 64 bits (LLVM prints it). */
    public static final String UNDECODED_CONSTANT = "<a constant only LLVM decodes>";

    private Object at(long id) {
        return id >= 0 && id < metadata.size() ? metadata.get((int) id) : null;
    }

    private long[] node(long id) {
        return at(id) instanceof long[] ops ? ops : null;
    }

    /** The module constant a ConstantAsMetadata names ({type, value} or {type, bits, FLOATING}), or null. */
    private long[] constantOf(long metadataId) {
        if (!(at(metadataId) instanceof Long valueId)) {
            return null;
        }
        long constant = valueId - globals;
        return constant < 0 || constant >= constants.size() ? null : constants.get((int) constant);
    }

    /** Marks a constant's {type, bits, FLOATING} entry. */
    private static final long FLOATING = 1;

    /** A ConstantAsMetadata of a float or double as LLVM prints it ({@code double 5.000000e-01}), or null. */
    private String floating(long metadataId) {
        long[] c = constantOf(metadataId);
        if (c == null) {
            return null;
        }
        // CST_CODE_FLOAT, or CST_CODE_NULL of a floating type (how 0.0 is written)
        int code = c[0] >= 0 && c[0] < typeCodes.size() ? typeCodes.get((int) c[0]) : -1;
        if (code == TYPE_CODE_DOUBLE) {
            return "double " + LlvmFloats.text(Double.longBitsToDouble(c[1]));
        }
        if (code == TYPE_CODE_FLOAT) {
            return "float " + LlvmFloats.text(Float.intBitsToFloat((int) c[1]));
        }
        return null;
    }

    /** {width, value} of a ConstantAsMetadata of an integer, or null. */
    private long[] integer(long metadataId) {
        long[] c = constantOf(metadataId);
        if (c == null || c.length == 3) {
            return null;
        }
        int width = c[0] >= 0 && c[0] < typeWidths.size() ? typeWidths.get((int) c[0]) : 0;
        // Wider integers are WIDE_INTEGER records, which this reader does not decode.
        return width < 1 || width > 64 ? null : new long[]{width, c[1]};
    }
}
