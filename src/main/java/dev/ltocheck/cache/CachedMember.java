package dev.ltocheck.cache;

import dev.ltocheck.llvm.FlagsReadBy;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.summary.ModuleSummary;

/**
 * What reading one bitcode member produced, as the cache keeps it.
 *
 * @param llvmRefused why LLVM could not read the member (ltocheck's own readers stood in), or null
 * @param readBy      which reader gave the facts (LLVM, and why; or ltocheck's own only)
 */
public record CachedMember(ModuleFacts facts, ModuleSummary summary, String llvmRefused, FlagsReadBy readBy) {

    /** A member LLVM read itself (every one, before the LLVM-read policy). */
    public CachedMember(ModuleFacts facts, ModuleSummary summary, String llvmRefused) {
        this(facts, summary, llvmRefused, FlagsReadBy.LLVM_ALL);
    }
}
