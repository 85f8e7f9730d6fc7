package dev.ltocheck.cache;

import dev.ltocheck.llvm.FlagsReadBy;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.summary.ModuleSummary;

/**
 * What reading one bitcode member produced, as the cache keeps it.
 *
 * @param llvmRefused why LLVM could not read the member (ltocheck's own readers stood in), or null
 * @param readBy      which reader gave the facts (LLVM, and why; or ltocheck's own only)
 * @param debugInfo   whether its metadata holds debug-info records (which libLLVM does not read in
 *                    process): the LLVM-read policy picks a flag set's representative by it, so a
 *                    member from the cache must say it as a member read afresh does
 * @param llvmAgreedInFinding LLVM read these bytes when a finding named the module, and its facts
 *                    were {@code facts}: a later run whose finding names it need not read it again.
 *                    Kept apart from {@code readBy}, which says what loading did: a finding names a
 *                    module in one run and not in the next, and the report says so only when it does
 */
public record CachedMember(ModuleFacts facts, ModuleSummary summary, String llvmRefused, FlagsReadBy readBy,
                           boolean debugInfo, boolean llvmAgreedInFinding) {

    /** A member no finding has named yet. */
    public CachedMember(ModuleFacts facts, ModuleSummary summary, String llvmRefused, FlagsReadBy readBy,
                        boolean debugInfo) {
        this(facts, summary, llvmRefused, readBy, debugInfo, false);
    }

    /** A member without debug information. */
    public CachedMember(ModuleFacts facts, ModuleSummary summary, String llvmRefused, FlagsReadBy readBy) {
        this(facts, summary, llvmRefused, readBy, false);
    }

    /** A member LLVM read itself (every one, before the LLVM-read policy). */
    public CachedMember(ModuleFacts facts, ModuleSummary summary, String llvmRefused) {
        this(facts, summary, llvmRefused, FlagsReadBy.LLVM_ALL);
    }
}
