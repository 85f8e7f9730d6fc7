package dev.ltocheck.summary;

/**
 * {@code GlobalValueSummary::GVFlags} (BitcodeReader.cpp, getDecodedGVSummaryFlags).
 *
 * @param visibility 0 default, 1 hidden, 2 protected
 */
public record GvFlags(Linkage linkage, boolean notEligibleToImport, boolean live, boolean dsoLocal,
                      boolean canAutoHide, int visibility) {

    public static GvFlags decode(long raw, int version) {
        Linkage linkage = Linkage.fromSummary((int) (raw & 0xF));
        long rest = raw >>> 4;
        // Summaries older than version 3 had no such bits: LLVM reads them as set.
        boolean notEligible = (rest & 0x1) != 0 || version < 3;
        boolean live = (rest & 0x2) != 0 || version < 3;
        return new GvFlags(linkage, notEligible, live, (rest & 0x4) != 0, (rest & 0x8) != 0, (int) ((rest & 0x30) >>> 4));
    }
}
