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
 */
public record CachedMember(ModuleFacts facts, ModuleSummary summary, String llvmRefused, FlagsReadBy readBy,
                           boolean debugInfo) {

    /** A member without debug information. */
    public CachedMember(ModuleFacts facts, ModuleSummary summary, String llvmRefused, FlagsReadBy readBy) {
        this(facts, summary, llvmRefused, readBy, false);
    }

    /** A member LLVM read itself (every one, before the LLVM-read policy). */
    public CachedMember(ModuleFacts facts, ModuleSummary summary, String llvmRefused) {
        this(facts, summary, llvmRefused, FlagsReadBy.LLVM_ALL);
    }
}
