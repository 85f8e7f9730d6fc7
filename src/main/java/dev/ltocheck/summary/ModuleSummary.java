package dev.ltocheck.summary;

import java.util.List;
import java.util.Optional;

/**
 * What ltocheck reads itself from one bitcode module, for the thin link.
 *
 * @param producer       the IDENTIFICATION block's producer string ({@code LLVM20.1.7})
 * @param kind           whether the module carries a ThinLTO summary, a full-LTO one, or none
 * @param version        FS_VERSION of the summary block, 0 without one
 * @param blockCount     FS_BLOCK_COUNT: basic blocks in the module
 * @param hash           MODULE_CODE_HASH (5 words), zeros when absent; names promoted locals
 * @param globals        summary records in file order
 * @param symbols        every global of the module records, in value-id order
 * @param warning        something read but not understood (a newer summary version), if any
 */
public record ModuleSummary(String producer, String sourceFilename, String triple, Kind kind, int version,
                            long indexFlags, long blockCount, long[] hash, List<GlobalSummary> globals, List<Symbol> symbols,
                            Optional<String> warning) {

    public enum Kind { THIN, FULL_LTO, NONE }

    /** LLVM 20's FS_VERSION; newer ones are read on a best-effort basis and warned about. */
    public static final int NEWEST_KNOWN_VERSION = 12;

    /** The module id part of promoted local names: {@code name.llvm.<this>}. */
    public String promotionSuffix() {
        return Long.toUnsignedString((hash[0] << 32) | hash[1]);
    }
}
