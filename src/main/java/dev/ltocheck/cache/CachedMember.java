package dev.ltocheck.cache;

import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.summary.ModuleSummary;

/**
 * What reading one bitcode member produced, as the cache keeps it.
 *
 * @param llvmRefused why LLVM could not read the member (ltocheck's own readers stood in), or null
 */
public record CachedMember(ModuleFacts facts, ModuleSummary summary, String llvmRefused) {
}
