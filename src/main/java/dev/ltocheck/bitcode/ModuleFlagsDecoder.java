package dev.ltocheck.bitcode;

import dev.ltocheck.bitstream.BitstreamException;
import dev.ltocheck.bitstream.BlockVisitor;
import dev.ltocheck.bitstream.Record;
import dev.ltocheck.bitstream.StructureWalk;
import dev.ltocheck.flags.FlagTreeBuilder;
import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.LlvmFloats;
import dev.ltocheck.flags.ModuleFlag;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.ltocheck.bitcode.BitcodeIds.*;

/**
 * Reads {@code !llvm.module.flags} without LLVM, out of the first module's tables (integer widths
 * from the type table, values from the constants, strings, VALUE and NODE records and the named
 * node from the metadata), into the one {@link FlagValue} tree. For bitcode a newer LLVM wrote,
 * which LLVM 20 refuses while its metadata is still readable, and for every member LLVM need not
 * read itself.
 */
public final class ModuleFlagsDecoder {
    /** What this decoder gives for a constant other than an integer of up to 64 bits (LLVM prints it). */
    public static final String UNDECODED_CONSTANT = "<a constant only LLVM decodes>";

    private static final Set<Integer> READ_BLOCKS = Set.of(MODULE_BLOCK, TYPE_BLOCK, CONSTANTS_BLOCK, METADATA_BLOCK,
            PARAMATTR_GROUP_BLOCK);

    private final ModuleTables tables;
    /** How many globals precede the constants in the module's value list. */
    private final int globals;

    private ModuleFlagsDecoder(ModuleTables tables, int globals) {
        this.tables = tables;
        this.globals = globals;
    }

    /**
     * Reads the flags in a walk of their own, without the safety check: the module's type,
     * constants, metadata and attribute-group blocks are decoded, the rest skipped by length.
     *
     * @param globalValues how many globals precede the constants in the module's value list
     */
    public static List<ModuleFlag> read(ByteBuffer bitcode, int globalValues) throws SummaryFormatException {
        FirstModule first = new FirstModule();
        ModuleTables tables = new ModuleTables();
        try {
            StructureWalk.walk(bitcode, id -> !READ_BLOCKS.contains(id), first.tracking(new BlockVisitor<SummaryFormatException>() {
                @Override
                public void record(int blockId, int parentBlockId, Record record) throws SummaryFormatException {
                    if (first.isParentOf(parentBlockId)) {
                        tables.record(blockId, record);
                    }
                }
            }));
        } catch (BitstreamException e) {
            throw new SummaryFormatException("MODULE_BLOCK > METADATA_BLOCK", e.getMessage());
        }
        return decode(tables, globalValues);
    }

    /**
     * The flags of tables a walk filled.
     *
     * @param globalValues how many globals precede the constants in the module's value list
     */
    static List<ModuleFlag> decode(ModuleTables tables, int globalValues) throws SummaryFormatException {
        return new ModuleFlagsDecoder(tables, globalValues).flags();
    }

    private List<ModuleFlag> flags() throws SummaryFormatException {
        List<ModuleFlag> flags = new ArrayList<>();
        for (long id : tables.named().getOrDefault("llvm.module.flags", new long[0])) {
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
            return new FlagValue.Damaged(id < 0 || id >= tables.metadata().size()
                    ? "a reference to metadata that does not exist" : "metadata of another kind");
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

    private Object at(long id) {
        List<Object> metadata = tables.metadata();
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
        return constant < 0 || constant >= tables.constantCount() ? null : tables.constant((int) constant);
    }

    /** A ConstantAsMetadata of a float or double as LLVM prints it ({@code double 5.000000e-01}), or null. */
    private String floating(long metadataId) {
        long[] c = constantOf(metadataId);
        if (c == null) {
            return null;
        }
        // CST_CODE_FLOAT, or CST_CODE_NULL of a floating type (how 0.0 is written)
        int code = tables.typeCode(c[0]);
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
        int width = tables.integerWidth(c[0]);
        // Wider integers are WIDE_INTEGER records, which this decoder does not decode.
        return width < 1 || width > 64 ? null : new long[]{width, c[1]};
    }
}
