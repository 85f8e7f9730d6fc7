package dev.ltocheck.bitcode;

import dev.ltocheck.bitstream.Record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.ltocheck.bitcode.BitcodeIds.*;

/**
 * Refuses bitcode that LLVM 20's reader would crash on, before LLVM reads it. LLVM trusts much of
 * what it reads: a reference to a metadata id or value its module never defines, a type count or
 * parameter index it allocates by, a cycle of constants or of uniqued nodes, a chain of forward
 * references it resolves recursively; each of those ends the process (found by scripts/fuzz), and a
 * JVM that hosts LLVM must not end. Records are checked as the walk passes them, the references
 * once the whole module is read ({@link #check}).
 */
final class LlvmSafetyCheck {
    private static final String METADATA = "MODULE_BLOCK > METADATA_BLOCK";
    /** Largest parameter index an attribute group may name: LLVM sizes an array by it. */
    private static final long MAX_PARAMETER_INDEX = 1 << 16;

    private final ModuleTables tables;
    /** Cycles among constants, which make LLVM's reader allocate without end. */
    private final ConstantCycleCheck cycles = new ConstantCycleCheck();
    private long declaredTypes = -1;
    private long badAttributeIndex = -1;
    private long largestUseListValue;
    private boolean useListSeen;
    /** {type id, value id} of every METADATA_VALUE. */
    private final List<long[]> valueRefs = new ArrayList<>();
    /** References of a record other than a node that name metadata not defined yet: checked at the block's end. */
    private final List<long[]> forwardReferences = new ArrayList<>(); // {id, kind ordinal, record code, position}

    /** @param tables the tables the same walk fills, each record after this check has seen it */
    LlvmSafetyCheck(ModuleTables tables) {
        this.tables = tables;
    }

    /**
     * One record of a block of the first module, before the tables take it: a debug-info record's
     * references are judged against the metadata defined before it.
     */
    void record(int blockId, Record r) throws SummaryFormatException {
        switch (blockId) {
            case TYPE_BLOCK -> {
                if (r.code() == TYPE_CODE_NUMENTRY) {
                    declaredTypes = r.size() > 0 ? r.get(0) : -1;
                }
            }
            case CONSTANTS_BLOCK -> {
                if (r.code() != CST_CODE_SETTYPE) {
                    cycles.constant(r);
                }
            }
            case METADATA_BLOCK -> metadata(r);
            case PARAMATTR_GROUP_BLOCK -> attributeGroup(r);
            case USELIST_BLOCK -> useList(r);
            default -> {
            }
        }
    }

    private void metadata(Record r) throws SummaryFormatException {
        switch (r.code()) {
            case METADATA_VALUE -> { // [type, value id]; the tables refuse any other length
                if (r.size() == 2) {
                    valueRefs.add(new long[]{r.get(0), r.get(1)});
                }
            }
            // Strings, names and generic nodes: their references are checked once the block is read.
            case METADATA_STRINGS, METADATA_NAME, METADATA_NAMED_NODE, METADATA_NODE, METADATA_DISTINCT_NODE,
                    METADATA_STRING_OLD -> {
            }
            default -> operandReferences(r);
        }
    }

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

    // Every debug-info record names metadata at its own positions (MetadataOperands); a name LLVM
    // cannot resolve, or a string position naming something else, is refused before LLVM reads it.
    private void operandReferences(Record r) throws SummaryFormatException {
        List<Object> metadata = tables.metadata();
        String[] problem = new String[1];
        String pastEnd = MetadataOperands.references(r, tables::isMetadataType, (position, kind) -> {
            // getMD, getMDOrNull and getMDString take an unsigned: LLVM resolves the low 32 bits.
            long v = MetadataOperands.unsigned(r.get(position));
            if (kind != MetadataOperands.Kind.ID && v == 0) {
                return;
            }
            long id = kind == MetadataOperands.Kind.ID ? v : v - 1;
            if (id < 0 || id >= metadata.size()) {
                forwardReferences.add(new long[]{id, kind.ordinal(), r.code(), position});
            } else if (kind == MetadataOperands.Kind.STRING_OR_NULL && !ModuleTables.isString(metadata.get((int) id))
                    && problem[0] == null) {
                problem[0] = "metadata record " + r.code() + " names " + id + " as a string, which it is not";
            }
        });
        if (pastEnd != null || problem[0] != null) {
            throw new SummaryFormatException(METADATA, pastEnd != null ? pastEnd : problem[0]);
        }
    }

    /**
     * Checks, once the module is read, that what it refers to exists: every node operand and named
     * node a metadata id the block defines, every VALUE a type and a module value. LLVM 20
     * resolves a dangling reference through an index that is empty outside ThinLTO importing, and
     * crashes (found by scripts/fuzz); such bitcode is not handed to it.
     *
     * @param globalValues how many globals precede the constants in the module's value list
     */
    void check(int globalValues) throws SummaryFormatException {
        // LLVM sizes its type table from NUMENTRY before reading a type: a lie there is an allocation
        // of any size, and LLVM exits the process when it fails ("LLVM ERROR: out of memory").
        if (declaredTypes != tables.typeCount() && declaredTypes >= 0) {
            throw new SummaryFormatException("MODULE_BLOCK > TYPE_BLOCK", "NUMENTRY declares " + declaredTypes
                    + " types, the block defines " + tables.typeCount());
        }
        if (badAttributeIndex >= 0) {
            throw new SummaryFormatException("MODULE_BLOCK > PARAMATTR_GROUP_BLOCK", "attribute group for parameter "
                    + badAttributeIndex + " (LLVM would allocate that many slots)");
        }
        cycles.check(globalValues);
        List<Object> metadata = tables.metadata();
        int count = metadata.size();
        for (int i = 0; i < count; i++) {
            if (metadata.get(i) instanceof long[] ops) {
                for (long op : ops) {
                    // Unsigned: an operand of 2^63 or more is no id either (LLVM cuts it to 32 bits).
                    if (op != 0 && Long.compareUnsigned(op - 1, count) >= 0) {
                        throw new SummaryFormatException(METADATA, "metadata node " + i
                                + " refers to node " + Long.toUnsignedString(op - 1) + " of " + count);
                    }
                }
            }
        }
        for (long[] f : forwardReferences) {
            if (Long.compareUnsigned(f[0], count) >= 0) {
                throw new SummaryFormatException(METADATA, "metadata record " + f[2]
                        + " refers to node " + Long.toUnsignedString(f[0]) + " of " + count + " (operand " + f[3] + ")");
            }
            if (f[1] == MetadataOperands.Kind.STRING_OR_NULL.ordinal()) {
                throw new SummaryFormatException(METADATA, "metadata record " + f[2]
                        + " names " + f[0] + " as a string before it is defined (operand " + f[3] + ")");
            }
        }
        // LLVM resolves a chain of forward-referring uniqued nodes recursively: one deeper than a
        // loader thread's stack holds would end the process.
        ForwardChains.Found found = ForwardChains.walk(metadata, tables.distinct());
        if (found.cycle() > 0) {
            throw new SummaryFormatException(METADATA, "a cycle of " + found.cycle()
                    + " uniqued metadata nodes (LLVM's writer breaks cycles with distinct nodes; LLVM 20 corrupts"
                    + " its heap resolving some)");
        }
        int chain = found.depth();
        if (chain > ForwardChains.MAX_DEPTH) {
            throw new SummaryFormatException(METADATA, "a chain of " + chain
                    + " metadata nodes that refer forward (LLVM resolves it recursively; at most "
                    + ForwardChains.MAX_DEPTH + " are read)");
        }
        for (Map.Entry<String, long[]> e : tables.named().entrySet()) {
            for (long id : e.getValue()) {
                // Debug-info nodes are kept as null: nodes too. Strings and values are not (LLVM refuses those).
                if (id < 0 || id >= count || ModuleTables.isString(metadata.get((int) id))
                        || metadata.get((int) id) instanceof Long) {
                    throw new SummaryFormatException(METADATA, "!" + e.getKey() + " refers to "
                            + id + ", not a node of the " + count);
                }
            }
        }
        int values = globalValues + tables.constantCount();
        if (useListSeen && Long.compareUnsigned(largestUseListValue, values) >= 0) {
            throw new SummaryFormatException("MODULE_BLOCK > USELIST_BLOCK", "use-list order of value "
                    + Long.toUnsignedString(largestUseListValue) + ", outside the module's " + values + " values");
        }
        for (long[] v : valueRefs) {
            if (v[0] < 0 || v[0] >= tables.typeCount() || v[1] < 0 || v[1] >= values) {
                throw new SummaryFormatException(METADATA, "metadata value of type " + v[0]
                        + " and value " + v[1] + " outside the " + tables.typeCount() + " types and " + values + " values");
            }
        }
    }
}
