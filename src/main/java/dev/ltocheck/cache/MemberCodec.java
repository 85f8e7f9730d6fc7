package dev.ltocheck.cache;

import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.llvm.FlagsReadBy;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.summary.GlobalSummary;
import dev.ltocheck.summary.GvFlags;
import dev.ltocheck.summary.Linkage;
import dev.ltocheck.summary.ModuleSummary;
import dev.ltocheck.summary.Symbol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;

/**
 * A cached member as bytes and back. Decoding must give exactly what reading the bitcode gave:
 * every report is byte-identical with and without the cache.
 *
 * <p>Enums are stored by the codes of the tables below, never by their declaration order; a code
 * no table has makes the whole entry a cache miss (found when the entry is recalled, also in the
 * lists decoded only on use).
 */
final class MemberCodec {
    /** {@code GlobalValue::LinkageTypes}: LLVM's own numbers, as in summary flags. */
    static final EnumCodes<Linkage> LINKAGE = new EnumCodes<>(Linkage.class, Map.ofEntries(
            entry(Linkage.EXTERNAL, 0), entry(Linkage.AVAILABLE_EXTERNALLY, 1), entry(Linkage.LINKONCE_ANY, 2),
            entry(Linkage.LINKONCE_ODR, 3), entry(Linkage.WEAK_ANY, 4), entry(Linkage.WEAK_ODR, 5),
            entry(Linkage.APPENDING, 6), entry(Linkage.INTERNAL, 7), entry(Linkage.PRIVATE, 8),
            entry(Linkage.EXTERNAL_WEAK, 9), entry(Linkage.COMMON, 10)));
    static final EnumCodes<Symbol.Kind> SYMBOL_KIND = new EnumCodes<>(Symbol.Kind.class, Map.of(
            Symbol.Kind.VARIABLE, 0, Symbol.Kind.FUNCTION, 1, Symbol.Kind.ALIAS, 2, Symbol.Kind.IFUNC, 3));
    static final EnumCodes<ModuleSummary.Kind> SUMMARY_KIND = new EnumCodes<>(ModuleSummary.Kind.class, Map.of(
            ModuleSummary.Kind.THIN, 0, ModuleSummary.Kind.FULL_LTO, 1, ModuleSummary.Kind.NONE, 2));
    private static final int FUNCTION = 0;
    private static final int VARIABLE = 1;
    private static final int ALIAS = 2;

    private MemberCodec() {
    }

    static byte[] encode(CachedMember member) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeFacts(out, member.facts());
            writeSummary(out, member.summary());
            out.writeBoolean(member.llvmRefused() != null);
            if (member.llvmRefused() != null) {
                BinaryFields.writeString(out, member.llvmRefused());
            }
            out.writeByte(member.readBy().code());
            out.writeBoolean(member.debugInfo());
            out.writeBoolean(member.llvmAgreedInFinding());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * The encoded member {@code encoded}, marked as one LLVM read for a finding and agreed with
     * (see {@link CachedMember#llvmAgreedInFinding()}): its last byte, so that nothing is decoded
     * and encoded again.
     */
    static ByteBuffer agreedInFinding(ByteBuffer encoded) {
        byte[] bytes = new byte[encoded.remaining()];
        encoded.duplicate().get(bytes);
        bytes[bytes.length - 1] = 1;
        return ByteBuffer.wrap(bytes);
    }

    /** @throws CacheFormatException when the bytes are not a member this codec wrote */
    static CachedMember decode(ByteBuffer in) throws CacheFormatException {
        try {
            ModuleFacts facts = readFacts(in);
            ModuleSummary summary = readSummary(in);
            String refused = in.get() != 0 ? BinaryFields.readString(in) : null;
            FlagsReadBy readBy = FlagsReadBy.ofCode(in.get());
            boolean debugInfo = readBoolean(in);
            boolean agreedInFinding = readBoolean(in);
            if (in.hasRemaining()) {
                throw new CacheFormatException(in.remaining() + " bytes after a member");
            }
            return new CachedMember(facts, summary, refused, readBy, debugInfo, agreedInFinding);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CacheFormatException("member record is damaged: " + e);
        }
    }

    private static boolean readBoolean(ByteBuffer in) throws CacheFormatException {
        byte b = in.get();
        if (b != 0 && b != 1) {
            throw new CacheFormatException("member record is damaged: boolean " + b);
        }
        return b == 1;
    }

    private static void writeFacts(DataOutputStream out, ModuleFacts facts) throws IOException {
        BinaryFields.writeString(out, facts.sourceFilename());
        BinaryFields.writeString(out, facts.triple());
        out.writeInt(facts.flags().size());
        for (ModuleFlag f : facts.flags()) {
            out.writeInt(f.behavior());
            BinaryFields.writeString(out, f.key());
            writeValue(out, f.value());
        }
    }

    // Tags of the flag value tree; a tree is bounded (FlagValue.Limits), so is this recursion.
    private static final int INT = 0;
    private static final int STR = 1;
    private static final int NODE = 2;
    private static final int NULL = 3;
    private static final int CONSTANT = 4;
    private static final int DAMAGED = 5;

    private static void writeValue(DataOutputStream out, FlagValue value) throws IOException {
        if (value instanceof FlagValue.Int i) {
            out.writeByte(INT);
            out.writeByte(i.width());
            out.writeLong(i.value());
        } else if (value instanceof FlagValue.Str s) {
            out.writeByte(STR);
            byte[] bytes = s.bytes();
            out.writeInt(bytes.length);
            out.write(bytes);
        } else if (value instanceof FlagValue.Node n) {
            out.writeByte(NODE);
            out.writeInt(n.operands().size());
            for (FlagValue op : n.operands()) {
                writeValue(out, op);
            }
        } else if (value instanceof FlagValue.Null) {
            out.writeByte(NULL);
        } else if (value instanceof FlagValue.Constant c) {
            out.writeByte(CONSTANT);
            BinaryFields.writeString(out, c.text());
        } else if (value instanceof FlagValue.Damaged d) {
            out.writeByte(DAMAGED);
            BinaryFields.writeString(out, d.why());
        }
    }

    private static FlagValue readValue(ByteBuffer in, int depth) throws CacheFormatException {
        if (depth > FlagValue.Limits.MAX_DEPTH) {
            throw new CacheFormatException("flag value nested deeper than " + FlagValue.Limits.MAX_DEPTH);
        }
        switch (in.get()) {
            case INT -> {
                int width = in.get();
                if (width < 1 || width > 64) {
                    throw new CacheFormatException("flag integer of width " + width);
                }
                return new FlagValue.Int(width, in.getLong());
            }
            case STR -> {
                byte[] bytes = new byte[BinaryFields.count(in)];
                in.get(bytes);
                return new FlagValue.Str(bytes);
            }
            case NODE -> {
                int count = BinaryFields.count(in); // every operand takes at least one byte
                List<FlagValue> ops = new ArrayList<>(count);
                for (int k = 0; k < count; k++) {
                    ops.add(readValue(in, depth + 1));
                }
                return new FlagValue.Node(ops);
            }
            case NULL -> {
                return new FlagValue.Null();
            }
            case CONSTANT -> {
                return new FlagValue.Constant(BinaryFields.readString(in));
            }
            case DAMAGED -> {
                return new FlagValue.Damaged(BinaryFields.readString(in));
            }
            default -> throw new CacheFormatException("unknown flag value kind");
        }
    }

    private static ModuleFacts readFacts(ByteBuffer in) throws CacheFormatException {
        String sourceFilename = BinaryFields.readString(in);
        String triple = BinaryFields.readString(in);
        int count = BinaryFields.count(in);
        List<ModuleFlag> flags = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int behavior = in.getInt();
            String key = BinaryFields.readString(in);
            FlagValue value = readValue(in, 0);
            flags.add(new ModuleFlag(behavior, key, value));
        }
        return new ModuleFacts(sourceFilename, triple, List.copyOf(flags));
    }

    private static void writeSummary(DataOutputStream out, ModuleSummary s) throws IOException {
        BinaryFields.writeString(out, s.producer());
        BinaryFields.writeString(out, s.sourceFilename());
        BinaryFields.writeString(out, s.triple());
        out.writeByte(SUMMARY_KIND.code(s.kind()));
        out.writeInt(s.version());
        out.writeLong(s.indexFlags());
        out.writeLong(s.blockCount());
        out.writeInt(s.hash().length);
        for (long word : s.hash()) {
            out.writeLong(word);
        }
        // Each list is preceded by its count and its length in bytes, so that it is decoded only when
        // read, and begins with its elements' enum codes (CODES bytes each), checked when recalled.
        ByteArrayOutputStream codes = new ByteArrayOutputStream(1024);
        ByteArrayOutputStream list = new ByteArrayOutputStream(4096);
        DataOutputStream listOut = new DataOutputStream(list);
        for (GlobalSummary g : s.globals()) {
            codes.write(g instanceof GlobalSummary.Function ? FUNCTION : g instanceof GlobalSummary.Variable ? VARIABLE : ALIAS);
            codes.write(LINKAGE.code(g.flags().linkage()));
            writeGlobal(listOut, g);
        }
        writeList(out, s.globals().size(), codes, list);
        codes.reset();
        list.reset();
        for (Symbol symbol : s.symbols()) {
            codes.write(LINKAGE.code(symbol.linkage()));
            codes.write(SYMBOL_KIND.code(symbol.kind()));
            BinaryFields.writeString(listOut, symbol.name());
            listOut.writeBoolean(symbol.definition());
            BinaryFields.writeString(listOut, symbol.section());
            listOut.writeLong(symbol.guid());
        }
        writeList(out, s.symbols().size(), codes, list);
        out.writeBoolean(s.warning().isPresent());
        if (s.warning().isPresent()) {
            BinaryFields.writeString(out, s.warning().get());
        }
    }

    private static ModuleSummary readSummary(ByteBuffer in) throws CacheFormatException {
        String producer = BinaryFields.readString(in);
        String sourceFilename = BinaryFields.readString(in);
        String triple = BinaryFields.readString(in);
        ModuleSummary.Kind kind = SUMMARY_KIND.of(in.get());
        int version = in.getInt();
        long indexFlags = in.getLong();
        long blockCount = in.getLong();
        long[] hash = new long[BinaryFields.count(in)];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = in.getLong();
        }
        List<GlobalSummary> globals = readList(in, MemberCodec::checkGlobal, MemberCodec::readGlobals);
        List<Symbol> symbols = readList(in, MemberCodec::checkSymbol, MemberCodec::readSymbols);
        Optional<String> warning = in.get() != 0 ? Optional.of(BinaryFields.readString(in)) : Optional.empty();
        return new ModuleSummary(producer, sourceFilename, triple, kind, version, indexFlags, blockCount, hash,
                globals, symbols, warning);
    }

    /** Enum codes per list element: a global's kind and linkage, a symbol's linkage and kind. */
    private static final int CODES = 2;

    private static void writeList(DataOutputStream out, int count, ByteArrayOutputStream codes,
                                  ByteArrayOutputStream encoded) throws IOException {
        out.writeInt(count);
        out.writeInt(codes.size() + encoded.size());
        codes.writeTo(out);
        encoded.writeTo(out);
    }

    /**
     * A list decoded on use, its codes checked now: an unknown one makes the member a miss, never
     * a failure when the list is read later.
     */
    private static <T> List<T> readList(ByteBuffer in, CodeCheck check, DecodedOnUse.Decoder<T> decoder)
            throws CacheFormatException {
        int count = BinaryFields.count(in);
        int length = BinaryFields.count(in);
        if ((long) count * CODES > length) {
            throw new CacheFormatException(count + " elements in " + length + " bytes");
        }
        ByteBuffer bytes = in.slice(in.position(), length);
        in.position(in.position() + length);
        for (int i = 0; i < count * CODES; i += CODES) {
            check.check(bytes.get(i), bytes.get(i + 1));
        }
        return new DecodedOnUse<>(bytes, count, decoder);
    }

    private interface CodeCheck {
        void check(byte first, byte second) throws CacheFormatException;
    }

    private static void checkGlobal(byte kind, byte linkage) throws CacheFormatException {
        if (kind != FUNCTION && kind != VARIABLE && kind != ALIAS) {
            throw new CacheFormatException("unknown summary kind " + kind);
        }
        LINKAGE.of(linkage);
    }

    private static void checkSymbol(byte linkage, byte kind) throws CacheFormatException {
        LINKAGE.of(linkage);
        SYMBOL_KIND.of(kind);
    }

    private static List<GlobalSummary> readGlobals(ByteBuffer in, int count) throws CacheFormatException {
        try {
            ByteBuffer codes = in.slice(0, count * CODES);
            in.position(count * CODES);
            List<GlobalSummary> globals = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                globals.add(readGlobal(in, codes.get(i * CODES), LINKAGE.of(codes.get(i * CODES + 1))));
            }
            return whole(in, globals);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CacheFormatException("summary records are damaged: " + e);
        }
    }

    private static List<Symbol> readSymbols(ByteBuffer in, int count) throws CacheFormatException {
        try {
            ByteBuffer codes = in.slice(0, count * CODES);
            in.position(count * CODES);
            List<Symbol> symbols = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                symbols.add(new Symbol(BinaryFields.readString(in), LINKAGE.of(codes.get(i * CODES)), in.get() != 0,
                        SYMBOL_KIND.of(codes.get(i * CODES + 1)), BinaryFields.readString(in), in.getLong()));
            }
            return whole(in, symbols);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CacheFormatException("symbols are damaged: " + e);
        }
    }

    private static <T> List<T> whole(ByteBuffer in, List<T> decoded) throws CacheFormatException {
        if (in.hasRemaining()) {
            throw new CacheFormatException(in.remaining() + " bytes after a list");
        }
        return List.copyOf(decoded);
    }

    private static void writeGlobal(DataOutputStream out, GlobalSummary g) throws IOException {
        out.writeLong(g.guid());
        BinaryFields.writeString(out, g.name());
        GvFlags flags = g.flags();
        out.writeByte((flags.notEligibleToImport() ? 1 : 0) | (flags.live() ? 2 : 0) | (flags.dsoLocal() ? 4 : 0)
                | (flags.canAutoHide() ? 8 : 0));
        out.writeByte(flags.visibility());
        if (g instanceof GlobalSummary.Alias a) {
            out.writeLong(a.aliaseeGuid());
            return;
        }
        out.writeInt(g.refs().size());
        for (GlobalSummary.Ref r : g.refs()) {
            out.writeLong(r.guid());
            out.writeByte((r.readOnly() ? 1 : 0) | (r.writeOnly() ? 2 : 0));
        }
        if (g instanceof GlobalSummary.Function f) {
            out.writeInt(f.instCount());
            out.writeInt(f.fflags());
            out.writeInt(f.calls().size());
            for (GlobalSummary.Call c : f.calls()) {
                out.writeLong(c.guid());
                out.writeByte(c.hotness() | (c.tail() ? 0x80 : 0));
            }
        } else {
            out.writeInt(((GlobalSummary.Variable) g).varflags());
        }
    }

    private static GlobalSummary readGlobal(ByteBuffer in, int kind, Linkage linkage) throws CacheFormatException {
        long guid = in.getLong();
        String name = BinaryFields.readString(in);
        int bits = in.get();
        GvFlags flags = new GvFlags(linkage, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0,
                in.get());
        if (kind == ALIAS) {
            return new GlobalSummary.Alias(guid, name, flags, in.getLong());
        }
        int refCount = BinaryFields.count(in);
        List<GlobalSummary.Ref> refs = new ArrayList<>(refCount);
        for (int i = 0; i < refCount; i++) {
            long target = in.getLong();
            int access = in.get();
            refs.add(new GlobalSummary.Ref(target, (access & 1) != 0, (access & 2) != 0));
        }
        if (kind == VARIABLE) {
            return new GlobalSummary.Variable(guid, name, flags, in.getInt(), List.copyOf(refs));
        }
        if (kind != FUNCTION) {
            throw new CacheFormatException("unknown summary kind " + kind);
        }
        int instCount = in.getInt();
        int fflags = in.getInt();
        int callCount = BinaryFields.count(in);
        List<GlobalSummary.Call> calls = new ArrayList<>(callCount);
        for (int i = 0; i < callCount; i++) {
            long target = in.getLong();
            int edge = in.get() & 0xff;
            calls.add(new GlobalSummary.Call(target, edge & 0x7f, (edge & 0x80) != 0));
        }
        return new GlobalSummary.Function(guid, name, flags, instCount, fflags, List.copyOf(refs), List.copyOf(calls));
    }
}
