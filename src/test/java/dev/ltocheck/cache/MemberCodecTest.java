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
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The member encoding is fixed: a committed sample (cache format 9)
 * still encodes and decodes byte for byte, whatever order the enums declare their constants in;
 * a code the tables do not have makes the entry a miss when it is recalled, never a failure when
 * its lists are used later.
 */
class MemberCodecTest {
    private static final Path SAMPLE = Path.of("src/test/resources/cache/members-format-9.hex");

    /** One member per summary kind; together every linkage, symbol kind, summary record and flag value kind. */
    static List<CachedMember> sample() {
        // Listed, not taken from values(): the sample must not change when an enum is reordered.
        List<Linkage> linkages = List.of(Linkage.EXTERNAL, Linkage.AVAILABLE_EXTERNALLY, Linkage.LINKONCE_ANY,
                Linkage.LINKONCE_ODR, Linkage.WEAK_ANY, Linkage.WEAK_ODR, Linkage.APPENDING, Linkage.INTERNAL,
                Linkage.PRIVATE, Linkage.EXTERNAL_WEAK, Linkage.COMMON);
        List<Symbol.Kind> kinds = List.of(Symbol.Kind.VARIABLE, Symbol.Kind.FUNCTION, Symbol.Kind.ALIAS,
                Symbol.Kind.IFUNC);
        List<Symbol> symbols = new ArrayList<>();
        for (int i = 0; i < linkages.size(); i++) {
            Linkage linkage = linkages.get(i);
            symbols.add(new Symbol("s_" + linkage.llvmName(), linkage, i % 2 == 0, kinds.get(i % kinds.size()),
                    linkage == Linkage.INTERNAL ? ".pi.text" : "", 0x1000L + i));
        }
        List<GlobalSummary> globals = List.of(
                new GlobalSummary.Function(-7L, "f", new GvFlags(Linkage.LINKONCE_ODR, true, false, true, false, 2), 12,
                        0x30, List.of(new GlobalSummary.Ref(5L, true, false), new GlobalSummary.Ref(6L, false, true)),
                        List.of(new GlobalSummary.Call(9L, 3, true), new GlobalSummary.Call(10L, 0, false))),
                new GlobalSummary.Variable(8L, "v", new GvFlags(Linkage.COMMON, false, true, false, true, 1), 0x5,
                        List.of(new GlobalSummary.Ref(-7L, false, false))),
                new GlobalSummary.Alias(11L, "a", new GvFlags(Linkage.EXTERNAL_WEAK, false, false, false, false, 0), 8L));
        List<ModuleFlag> flags = List.of(
                new ModuleFlag(1, "wchar_size", new FlagValue.Int(32, 4)),
                new ModuleFlag(8, "PIC Level", new FlagValue.Int(1, 1)),
                new ModuleFlag(2, "target-abi", new FlagValue.Str("lp64\\\"".getBytes(StandardCharsets.UTF_8))),
                new ModuleFlag(5, "nested", new FlagValue.Node(List.of(new FlagValue.Null(),
                        new FlagValue.Node(List.of(new FlagValue.Int(64, Long.MIN_VALUE)))))),
                new ModuleFlag(7, "wide", new FlagValue.Constant("i128 1")),
                new ModuleFlag(3, "bad", new FlagValue.Damaged("a reference to metadata that does not exist")));
        long[] hash = {1, 2, 3, 4, 0xffffffffL};
        return List.of(
                new CachedMember(new ModuleFacts("a.c", "x86_64-unknown-linux-gnu", flags),
                        new ModuleSummary("LLVM20.1.7", "a.c", "x86_64-unknown-linux-gnu", ModuleSummary.Kind.THIN, 12,
                                0x1a, 42, hash, globals, symbols, Optional.empty()), null),
                new CachedMember(new ModuleFacts("b.c", "aarch64-linux-gnu", List.of()),
                        new ModuleSummary("LLVM21.0.0", "b.c", "aarch64-linux-gnu", ModuleSummary.Kind.FULL_LTO, 13, 0,
                                0, new long[5], List.of(), symbols.subList(0, 2), Optional.of("summary version 13")),
                        "LLVM 20.1.7 cannot read this bitcode", FlagsReadBy.LTOCHECK, true),
                new CachedMember(new ModuleFacts("", "", List.of()),
                        new ModuleSummary("", "", "", ModuleSummary.Kind.NONE, 0, 0, 0, new long[5], List.of(),
                                List.of(), Optional.empty()), null, FlagsReadBy.LTOCHECK, false, true));
    }

    private static List<byte[]> committed() throws IOException {
        List<byte[]> members = new ArrayList<>();
        for (String line : Files.readAllLines(SAMPLE)) {
            members.add(HexFormat.of().parseHex(line.strip()));
        }
        return members;
    }

    @Test
    void theSampleCoversEveryCodeOfEveryTable() {
        Set<Linkage> linkages = EnumSet.noneOf(Linkage.class);
        Set<Symbol.Kind> symbolKinds = EnumSet.noneOf(Symbol.Kind.class);
        Set<ModuleSummary.Kind> summaryKinds = EnumSet.noneOf(ModuleSummary.Kind.class);
        for (CachedMember m : sample()) {
            summaryKinds.add(m.summary().kind());
            m.summary().symbols().forEach(s -> {
                linkages.add(s.linkage());
                symbolKinds.add(s.kind());
            });
        }
        assertEquals(EnumSet.allOf(Linkage.class), linkages);
        assertEquals(EnumSet.allOf(Symbol.Kind.class), symbolKinds);
        assertEquals(EnumSet.allOf(ModuleSummary.Kind.class), summaryKinds);
    }

    @Test
    void theSampleIsNamedForTheFormatItIsWrittenIn() {
        // A change to the encoding bumps CacheFile.FORMAT and commits a new sample under its number.
        assertEquals("members-format-" + CacheFile.FORMAT + ".hex", SAMPLE.getFileName().toString());
    }

    @Test
    void theCommittedSampleIsWhatTheCodecWritesAndReads() throws Exception {
        List<CachedMember> sample = sample();
        List<byte[]> committed = committed();
        assertEquals(sample.size(), committed.size());
        for (int i = 0; i < sample.size(); i++) {
            CachedMember expected = sample.get(i);
            assertEquals(HexFormat.of().formatHex(committed.get(i)), HexFormat.of().formatHex(MemberCodec.encode(expected)),
                    "member " + i + " encodes as committed");
            CachedMember decoded = MemberCodec.decode(ByteBuffer.wrap(committed.get(i)));
            assertEquals(expected.facts(), decoded.facts());
            assertEquals(expected.llvmRefused(), decoded.llvmRefused());
            assertEquals(expected.readBy(), decoded.readBy());
            assertEquals(expected.debugInfo(), decoded.debugInfo());
            assertEquals(expected.llvmAgreedInFinding(), decoded.llvmAgreedInFinding());
            ModuleSummary e = expected.summary();
            ModuleSummary d = decoded.summary();
            assertEquals(List.of(e.producer(), e.sourceFilename(), e.triple(), e.kind(), e.version(), e.indexFlags(),
                    e.blockCount(), e.warning()), List.of(d.producer(), d.sourceFilename(), d.triple(), d.kind(),
                    d.version(), d.indexFlags(), d.blockCount(), d.warning()));
            assertArrayEquals(e.hash(), d.hash());
            assertEquals(e.symbols(), List.copyOf(d.symbols()));
            assertEquals(e.globals(), List.copyOf(d.globals()));
        }
    }

    @Test
    void anUnknownCodeIsAMissWhenTheMemberIsRecalled() throws Exception {
        byte[] member = committed().get(0);
        CachedMember sample = sample().get(0);
        ModuleSummary s = sample.summary();
        // Where the codes are: each list begins with its elements' codes, after its count and length;
        // the symbols are the last list, followed by the warning and refusal flags, the reader's code
        // the debug-information flag and the agreed-in-finding flag.
        int globalCodes = encoded(sample, List.of(), List.of()).length - 4 - 8 - 8 + 8 - 1;
        int symbolCodes = encoded(sample, s.globals(), List.of()).length - 4 - 8 + 8 - 1;
        int summaryKind = encoded(sample, List.of(), List.of()).length - 4 - 8 - 8 - 4 - 5 * 8 - 8 - 8 - 4 - 1 - 1;
        Symbol first = s.symbols().get(0);
        assertEquals(List.of(MemberCodec.LINKAGE.code(first.linkage()), MemberCodec.SYMBOL_KIND.code(first.kind()),
                        MemberCodec.LINKAGE.code(s.globals().get(0).flags().linkage()),
                        MemberCodec.SUMMARY_KIND.code(ModuleSummary.Kind.THIN)),
                List.of(member[symbolCodes], member[symbolCodes + 1], member[globalCodes + 1], member[summaryKind]));
        for (int at : new int[]{symbolCodes, symbolCodes + 1, globalCodes, globalCodes + 1, summaryKind,
                symbolCodes + 2 * (s.symbols().size() - 1) + 1, member.length - 3, member.length - 2, member.length - 1}) {
            for (byte unknown : new byte[]{11, 42, 127, -1}) {
                byte[] damaged = member.clone();
                damaged[at] = unknown;
                // Thrown by decode itself, which MemberCache turns into a miss: the lists would
                // otherwise be decoded only when first used.
                assertThrows(CacheFormatException.class, () -> MemberCodec.decode(ByteBuffer.wrap(damaged)),
                        "code at " + at);
            }
        }
    }

    private static byte[] encoded(CachedMember m, List<GlobalSummary> globals, List<Symbol> symbols) {
        ModuleSummary s = m.summary();
        return MemberCodec.encode(new CachedMember(m.facts(), new ModuleSummary(s.producer(), s.sourceFilename(),
                s.triple(), s.kind(), s.version(), s.indexFlags(), s.blockCount(), s.hash(), globals, symbols,
                s.warning()), m.llvmRefused(), m.readBy(), m.debugInfo(), m.llvmAgreedInFinding()));
    }

    @Test
    void markingAMemberAsAgreedInAFindingChangesThatFlagAlone() throws Exception {
        for (CachedMember m : sample()) {
            ByteBuffer encoded = ByteBuffer.wrap(MemberCodec.encode(m));
            CachedMember marked = MemberCodec.decode(MemberCodec.agreedInFinding(encoded));
            assertEquals(new CachedMember(m.facts(), marked.summary(), m.llvmRefused(), m.readBy(), m.debugInfo(), true),
                    marked);
            assertEquals(HexFormat.of().formatHex(MemberCodec.encode(new CachedMember(m.facts(), m.summary(),
                    m.llvmRefused(), m.readBy(), m.debugInfo(), true))), HexFormat.of().formatHex(
                    MemberCodec.agreedInFinding(encoded).array()));
            assertEquals(0, encoded.position(), "the buffer given is left as it was");
        }
    }
}
