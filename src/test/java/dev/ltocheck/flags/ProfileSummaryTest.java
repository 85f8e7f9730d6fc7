package dev.ltocheck.flags;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ProfileSummary tuple as ProfileSummary::getMD lays it out (the sample tests check it against llvm-dis). */
class ProfileSummaryTest {
    private static FlagValue pair(String name, FlagValue value) {
        return new FlagValue.Node(List.of(FlagValue.Str.of(name), value));
    }

    private static FlagValue summary(String format, long total, long partial, String ratio) {
        List<FlagValue> fields = new ArrayList<>();
        fields.add(pair("ProfileFormat", FlagValue.Str.of(format)));
        fields.add(pair("TotalCount", new FlagValue.Int(64, total)));
        fields.add(pair("NumCounts", new FlagValue.Int(64, 200)));
        fields.add(pair("IsPartialProfile", new FlagValue.Int(64, partial)));
        fields.add(pair("PartialProfileRatio", new FlagValue.Constant("double " + ratio)));
        fields.add(pair("DetailedSummary", new FlagValue.Node(List.of(new FlagValue.Node(List.of(
                new FlagValue.Int(32, 990000), new FlagValue.Int(64, total / 10), new FlagValue.Int(32, 3)))))));
        return new FlagValue.Node(fields);
    }

    @Test
    void onlyATupleOfNamedPairsStartingWithTheFormatIsASummary() {
        assertTrue(ProfileSummary.of(new FlagValue.Int(32, 1)).isEmpty());
        assertTrue(ProfileSummary.of(new FlagValue.Node(List.of(pair("TotalCount", new FlagValue.Int(64, 1))))).isEmpty());
        assertTrue(ProfileSummary.of(new FlagValue.Node(List.of(FlagValue.Str.of("x")))).isEmpty());
        assertEquals(summary("SampleProfile", 10, 0, "0.000000e+00"),
                ProfileSummary.of(summary("SampleProfile", 10, 0, "0.000000e+00")).orElseThrow().value());
    }

    @Test
    void differencesNameEachFieldWithBothValues() {
        ProfileSummary a = ProfileSummary.of(summary("SampleProfile", 100, 0, "0.000000e+00")).orElseThrow();
        ProfileSummary b = ProfileSummary.of(summary("SampleProfile", 300, 0, "0.000000e+00")).orElseThrow();
        assertEquals(List.of("TotalCount 100 vs 300", "DetailedSummary 1 of 1 cutoffs (at 99% min count 10 vs 30)"),
                a.differences(b));
        assertNotEquals(a.fingerprint(), b.fingerprint());
        assertEquals(a.fingerprint(), ProfileSummary.of(summary("SampleProfile", 100, 0, "0.000000e+00")).orElseThrow().fingerprint());
    }

    @Test
    void theImportRatioIsSetOnlyForPartialSampleProfiles() {
        ProfileSummary partial = ProfileSummary.of(summary("SampleProfile", 100, 1, "5.000000e-01")).orElseThrow();
        assertEquals("double 1.500000e+00", partial.withImportRatio(300).field("PartialProfileRatio").orElseThrow().value().llvmText());
        ProfileSummary whole = ProfileSummary.of(summary("SampleProfile", 100, 0, "5.000000e-01")).orElseThrow();
        assertSame(whole, whole.withImportRatio(300));
        ProfileSummary instr = ProfileSummary.of(summary("InstrProf", 100, 1, "5.000000e-01")).orElseThrow();
        assertSame(instr, instr.withImportRatio(300));
    }

    /** LLVM's block count is a uint64_t: a sum past 2^63 (negative as a Java long) is converted as unsigned. */
    @Test
    void aBlockCountPast2To63IsUnsigned() {
        ProfileSummary partial = ProfileSummary.of(summary("SampleProfile", 100, 1, "5.000000e-01")).orElseThrow();
        assertEquals("double " + LlvmFloats.text(0x1p64 / 200), partial.withImportRatio(-1L).field("PartialProfileRatio")
                .orElseThrow().value().llvmText());
    }
}
