package dev.ltocheck.bitcode;

import dev.ltocheck.bitstream.BitstreamException;
import dev.ltocheck.bitstream.BlockVisitor;
import dev.ltocheck.bitstream.Record;
import dev.ltocheck.bitstream.StructureWalk;
import dev.ltocheck.summary.GlobalSummary;
import dev.ltocheck.summary.Guid;
import dev.ltocheck.summary.GvFlags;
import dev.ltocheck.summary.Linkage;
import dev.ltocheck.summary.ModuleSummary;
import dev.ltocheck.summary.Symbol;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.ltocheck.bitcode.BitcodeIds.*;

/**
 * Reads a module's ThinLTO summary the way {@code ModuleSummaryIndexBitcodeReader} does for a
 * per-module index: value ids from the MODULE_CODE_GLOBALVAR/FUNCTION/ALIAS/IFUNC records (in
 * that order of appearance), their names from the STRTAB blob, GUIDs from name, linkage and
 * source_filename, then the GLOBALVAL_SUMMARY_BLOCK records. Function bodies, metadata and
 * constants are skipped by their block lengths, never decoded.
 */
public final class SummaryDecoder {
    /** A module record naming a global, before STRTAB (which follows the module block) is known. */
    private record RawSymbol(long strtabOffset, long strtabSize, Linkage linkage, boolean definition,
                             Symbol.Kind kind, int section) {
    }

    private record RawSummary(int code, long[] ops) {
    }

    private String producer = "";
    private String sourceFilename = "";
    /** As LLVM hashes it into local GUIDs: the record's bytes, not their decoded text. */
    private byte[] sourceFilenameBytes = new byte[0];
    private String triple = "";
    private int moduleVersion = -1;
    private long[] hash = new long[5];
    private ModuleSummary.Kind kind = ModuleSummary.Kind.NONE;
    private int summaryVersion;
    private long indexFlags;
    private long blockCount;
    private ByteBuffer strtab;
    private final List<RawSymbol> symbols = new ArrayList<>();
    private final List<String> sectionNames = new ArrayList<>();
    private final List<RawSummary> summaries = new ArrayList<>();
    private Record record;
    private String where = "top level";
    private final FirstModule first;

    /** @param first the walk's record of which module block is the first */
    SummaryDecoder(FirstModule first) {
        this.first = first;
    }

    /** Reads raw bitcode (after the magic check and any wrapper). */
    public static ModuleSummary read(ByteBuffer bitcode) throws SummaryFormatException {
        FirstModule first = new FirstModule();
        SummaryDecoder reader = new SummaryDecoder(first);
        try {
            // Only the blocks the summary lives in are decoded; the rest are skipped by their length.
            StructureWalk.walk(bitcode, id -> !SUMMARY_BLOCKS.contains(id), first.tracking(reader.visitor()));
        } catch (BitstreamException e) {
            throw new SummaryFormatException(reader.where, e.getMessage());
        }
        return reader.resolve();
    }

    private static final java.util.Set<Integer> SUMMARY_BLOCKS = java.util.Set.of(IDENTIFICATION_BLOCK, MODULE_BLOCK,
            GLOBALVAL_SUMMARY_BLOCK, FULL_LTO_GLOBALVAL_SUMMARY_BLOCK, STRTAB_BLOCK);

    /** The summary's blocks and records; the walk keeps {@link #first} up to date before it calls this. */
    BlockVisitor<SummaryFormatException> visitor() {
        return new BlockVisitor<>() {
            @Override
            public void enterBlock(int blockId, int parentBlockId) {
                if (blockId == FULL_LTO_GLOBALVAL_SUMMARY_BLOCK && first.isParentOf(parentBlockId)) {
                    kind = ModuleSummary.Kind.FULL_LTO;
                } else if (blockId == GLOBALVAL_SUMMARY_BLOCK && first.isParentOf(parentBlockId)) {
                    kind = ModuleSummary.Kind.THIN;
                }
            }

            @Override
            public void record(int blockId, int parentBlockId, Record r) throws SummaryFormatException {
                record = r;
                if (blockId == IDENTIFICATION_BLOCK && parentBlockId < 0) {
                    where = "IDENTIFICATION_BLOCK";
                    if (r.code() == IDENTIFICATION_STRING) {
                        producer = r.string(0);
                    }
                } else if (first.isModuleBlock(blockId, parentBlockId)) {
                    where = "MODULE_BLOCK";
                    moduleRecord();
                } else if (blockId == GLOBALVAL_SUMMARY_BLOCK && first.isParentOf(parentBlockId)) {
                    where = "MODULE_BLOCK > GLOBALVAL_SUMMARY_BLOCK";
                    summaryRecord();
                } else if (blockId == FULL_LTO_GLOBALVAL_SUMMARY_BLOCK && parentBlockId == MODULE_BLOCK) {
                    // A full-LTO summary (of the member, or of a split LTO unit's regular part) joins
                    // the combined index too (LTO::addModule): its block count adds to the index's.
                    where = "MODULE_BLOCK > FULL_LTO_GLOBALVAL_SUMMARY_BLOCK";
                    if (r.code() == FS_BLOCK_COUNT) {
                        blockCount += operand(0); // uint64_t, wrapping as LLVM's addBlockCount
                    }
                } else if (blockId == STRTAB_BLOCK && parentBlockId < 0) {
                    where = "STRTAB_BLOCK";
                    if (r.code() == STRTAB_BLOB && r.hasBlob()) {
                        strtab = r.blob();
                    }
                }
            }
        };
    }

    private void moduleRecord() throws SummaryFormatException {
        switch (record.code()) {
            case MODULE_VERSION -> moduleVersion = (int) operand(0);
            case MODULE_TRIPLE -> triple = record.string(0);
            case MODULE_SOURCE_FILENAME -> {
                sourceFilenameBytes = record.bytes(0);
                sourceFilename = new String(sourceFilenameBytes, StandardCharsets.UTF_8);
            }
            case MODULE_HASH -> {
                for (int i = 0; i < 5; i++) {
                    hash[i] = operand(i);
                }
            }
            case MODULE_SECTIONNAME -> sectionNames.add(record.string(0));
            // Section operands are 1-based indexes into the SECTIONNAME records, 0 for none.
            case MODULE_GLOBALVAR -> symbol(Symbol.Kind.VARIABLE, operand(4) != 0, optional(7));
            case MODULE_FUNCTION -> symbol(Symbol.Kind.FUNCTION, operand(4) == 0, optional(8));
            case MODULE_ALIAS -> symbol(Symbol.Kind.ALIAS, true, 0);
            case MODULE_IFUNC -> symbol(Symbol.Kind.IFUNC, true, 0);
            default -> {
            }
        }
    }

    private long optional(int index) {
        return index < record.size() ? record.get(index) : 0;
    }

    private void symbol(Symbol.Kind kind, boolean definition, long section) throws SummaryFormatException {
        if (moduleVersion < 2) {
            throw new SummaryFormatException(where, "module version " + moduleVersion
                    + " keeps names in the value symbol table (bitcode older than LLVM 5), not supported");
        }
        Linkage linkage = Linkage.fromBitcode(operand(5));
        symbols.add(new RawSymbol(operand(0), operand(1), linkage,
                definition && linkage != Linkage.AVAILABLE_EXTERNALLY, kind, (int) Math.min(section, Integer.MAX_VALUE)));
    }

    private void summaryRecord() throws SummaryFormatException {
        int code = record.code();
        switch (code) {
            case FS_VERSION -> summaryVersion = (int) operand(0);
            case FS_FLAGS -> indexFlags = operand(0);
            case FS_BLOCK_COUNT -> blockCount += operand(0); // uint64_t, wrapping as LLVM's addBlockCount
            case FS_PERMODULE, FS_PERMODULE_PROFILE, FS_PERMODULE_RELBF, FS_PERMODULE_GLOBALVAR_INIT_REFS,
                    FS_PERMODULE_VTABLE_GLOBALVAR_INIT_REFS, FS_ALIAS, FS_VALUE_GUID -> {
                long[] ops = new long[record.size()];
                for (int i = 0; i < ops.length; i++) {
                    ops[i] = record.get(i);
                }
                summaries.add(new RawSummary(code, ops));
            }
            default -> {
                // type tests, memprof, param access...: not used by the import decision
            }
        }
    }

    private long operand(int index) throws SummaryFormatException {
        if (index >= record.size()) {
            throw new SummaryFormatException(where, "record " + record.code() + " has " + record.size()
                    + " operands, needs more than " + index);
        }
        return record.get(index);
    }

    /** The summary of the records the walk gave, resolved against the string table. */
    ModuleSummary resolve() throws SummaryFormatException {
        if (!first.seen()) {
            throw new SummaryFormatException("top level", "no MODULE_BLOCK");
        }
        where = "STRTAB_BLOCK";
        List<Symbol> named = new ArrayList<>(symbols.size());
        // Primitive keys: boxed ones were a Long and a map node per global, 40 MB a kernel run.
        Long2LongOpenHashMap guidOfValue = new Long2LongOpenHashMap(symbols.size());
        Long2ObjectOpenHashMap<String> nameOfValue = new Long2ObjectOpenHashMap<>(symbols.size());
        for (int id = 0; id < symbols.size(); id++) {
            RawSymbol raw = symbols.get(id);
            byte[] nameBytes = nameBytes(raw.strtabOffset(), raw.strtabSize());
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            if (raw.section() < 0 || raw.section() > sectionNames.size()) {
                throw new SummaryFormatException("MODULE_BLOCK", "global " + name + " names section " + raw.section()
                        + " of " + sectionNames.size());
            }
            String section = raw.section() == 0 ? "" : sectionNames.get(raw.section() - 1);
            long guid = Guid.of(nameBytes, raw.linkage(), sourceFilenameBytes);
            named.add(new Symbol(name, raw.linkage(), raw.definition(), raw.kind(), section, guid));
            guidOfValue.put(id, guid);
            nameOfValue.put(id, name);
        }
        where = "MODULE_BLOCK > GLOBALVAL_SUMMARY_BLOCK";
        for (RawSummary s : summaries) {
            if (s.code() == FS_VALUE_GUID) {
                long[] o = require(s, 2);
                // Version 11 split the GUID into two 32-bit halves (PR #106165).
                long guid = summaryVersion >= 11 ? (require(s, 3)[1] << 32) | (o[2] & 0xffffffffL) : o[1];
                guidOfValue.put(o[0], guid);
            }
        }
        List<GlobalSummary> globals = new ArrayList<>();
        for (RawSummary s : summaries) {
            if (s.code() != FS_VALUE_GUID) {
                globals.add(decode(s, guidOfValue, nameOfValue));
            }
        }
        Optional<String> warning = summaryVersion > ModuleSummary.NEWEST_KNOWN_VERSION
                ? Optional.of("summary version " + summaryVersion + " is newer than LLVM 20's "
                + ModuleSummary.NEWEST_KNOWN_VERSION + " (producer " + producer + "); read as version "
                + ModuleSummary.NEWEST_KNOWN_VERSION)
                : Optional.empty();
        return new ModuleSummary(producer, sourceFilename, triple, kind, summaryVersion, indexFlags, blockCount, hash,
                List.copyOf(globals), List.copyOf(named), warning);
    }

    private GlobalSummary decode(RawSummary s, Long2LongOpenHashMap guids, Long2ObjectOpenHashMap<String> names)
            throws SummaryFormatException {
        long[] o = s.ops();
        int v = summaryVersion;
        switch (s.code()) {
            case FS_PERMODULE, FS_PERMODULE_PROFILE, FS_PERMODULE_RELBF -> {
                require(s, 4);
                long valueId = o[0];
                GvFlags flags = GvFlags.decode(o[1], v);
                int instCount = (int) o[2];
                int fflags = 0;
                int numRefs = (int) o[3];
                int readOnly = 0;
                int writeOnly = 0;
                int refStart = 4;
                if (v >= 4) {
                    require(s, 5);
                    fflags = (int) o[3];
                    numRefs = (int) o[4];
                    refStart = 5;
                    if (v >= 5) {
                        readOnly = (int) require(s, 6)[5];
                        refStart = 6;
                        if (v >= 7) {
                            writeOnly = (int) require(s, 7)[6];
                            refStart = 7;
                        }
                    }
                }
                if (numRefs < 0 || refStart + (long) numRefs > o.length || readOnly + writeOnly > numRefs) {
                    throw new SummaryFormatException(where, "function record for value " + valueId + " claims "
                            + numRefs + " refs (" + readOnly + " read-only, " + writeOnly + " write-only) in "
                            + o.length + " operands");
                }
                List<GlobalSummary.Ref> refs = refs(o, refStart, refStart + numRefs, readOnly, writeOnly, guids);
                List<GlobalSummary.Call> calls = new ArrayList<>();
                boolean profile = s.code() == FS_PERMODULE_PROFILE;
                boolean relbf = s.code() == FS_PERMODULE_RELBF;
                for (int i = refStart + numRefs; i < o.length; i++) {
                    long callee = guid(guids, o[i]);
                    int hotness = GlobalSummary.Call.UNKNOWN;
                    boolean tail = false;
                    if (v == 1) {
                        i += profile ? 2 : 1; // old format: call site count, profile count
                    } else if (profile) {
                        long info = o[++i >= o.length ? fail(s, "call edge without hotness") : i];
                        hotness = (int) (info & 7);
                        tail = (info & 8) != 0;
                    } else if (relbf) {
                        long info = o[++i >= o.length ? fail(s, "call edge without frequency") : i];
                        tail = ((info >>> 28) & 1) != 0;
                    }
                    calls.add(new GlobalSummary.Call(callee, hotness, tail));
                }
                return new GlobalSummary.Function(guid(guids, valueId), names.getOrDefault(valueId, ""), flags,
                        instCount, fflags, refs, List.copyOf(calls));
            }
            case FS_PERMODULE_GLOBALVAR_INIT_REFS -> {
                require(s, 2);
                int refStart = 2;
                int varflags = 0;
                if (v >= 5) {
                    varflags = (int) require(s, 3)[2];
                    refStart = 3;
                }
                return new GlobalSummary.Variable(guid(guids, o[0]), names.getOrDefault(o[0], ""),
                        GvFlags.decode(o[1], v), varflags, refs(o, refStart, o.length, 0, 0, guids));
            }
            case FS_PERMODULE_VTABLE_GLOBALVAR_INIT_REFS -> {
                require(s, 4);
                int numRefs = (int) o[3];
                if (numRefs < 0 || 4L + numRefs > o.length) {
                    throw new SummaryFormatException(where, "vtable record claims " + numRefs + " refs in "
                            + o.length + " operands");
                }
                return new GlobalSummary.Variable(guid(guids, o[0]), names.getOrDefault(o[0], ""),
                        GvFlags.decode(o[1], v), (int) o[2], refs(o, 4, 4 + numRefs, 0, 0, guids));
            }
            case FS_ALIAS -> {
                require(s, 3);
                return new GlobalSummary.Alias(guid(guids, o[0]), names.getOrDefault(o[0], ""),
                        GvFlags.decode(o[1], v), guid(guids, o[2]));
            }
            default -> throw new IllegalStateException("unexpected summary code " + s.code());
        }
    }

    // BitcodeReader's setSpecialRefs: the last writeOnly refs are write-only, the readOnly before them read-only.
    private List<GlobalSummary.Ref> refs(long[] o, int from, int to, int readOnly, int writeOnly, Long2LongOpenHashMap guids)
            throws SummaryFormatException {
        List<GlobalSummary.Ref> refs = new ArrayList<>(to - from);
        int count = to - from;
        for (int i = 0; i < count; i++) {
            boolean wo = i >= count - writeOnly;
            boolean ro = !wo && i >= count - writeOnly - readOnly;
            refs.add(new GlobalSummary.Ref(guid(guids, o[from + i]), ro, wo));
        }
        return List.copyOf(refs);
    }

    private long guid(Long2LongOpenHashMap guids, long valueId) throws SummaryFormatException {
        if (!guids.containsKey(valueId)) {
            throw new SummaryFormatException(where, "value id " + valueId + " has neither a name nor a GUID ("
                    + symbols.size() + " globals)");
        }
        return guids.get(valueId);
    }

    private long[] require(RawSummary s, int count) throws SummaryFormatException {
        if (s.ops().length < count) {
            throw new SummaryFormatException(where, "record " + s.code() + " has " + s.ops().length
                    + " operands, needs " + count + ": " + Arrays.toString(s.ops()));
        }
        return s.ops();
    }

    private int fail(RawSummary s, String message) throws SummaryFormatException {
        throw new SummaryFormatException(where, "record " + s.code() + ": " + message);
    }

    private byte[] nameBytes(long offset, long size) throws SummaryFormatException {
        if (strtab == null) {
            throw new SummaryFormatException(where, "no STRTAB blob for the module's global names");
        }
        if (offset < 0 || size < 0 || offset + size > strtab.limit()) {
            throw new SummaryFormatException(where, "name at " + offset + "+" + size + " outside the "
                    + strtab.limit() + "-byte string table");
        }
        byte[] bytes = new byte[(int) size];
        strtab.get((int) offset, bytes);
        return bytes;
    }
}
