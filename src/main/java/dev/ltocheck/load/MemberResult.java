package dev.ltocheck.load;

import dev.ltocheck.cache.CachedMember;
import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.ObjectFormat;
import dev.ltocheck.llvm.FlagsReadBy;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.summary.ModuleSummary;

import java.nio.ByteBuffer;
import java.util.List;

/** What ltocheck's own readers (or the member cache) made of one object of the link, before LLVM. */
public sealed interface MemberResult {

    InputObject input();

    /**
     * A bitcode module: its summary, and its facts as far as they are known without LLVM.
     *
     * @param bitcode     the module's bytes, for LLVM to read; null for a member from the cache or a
     *                    member mapped on use (mapped again only if LLVM must read it)
     * @param summary     what ltocheck's summary reader read
     * @param facts       ltocheck's own reader's facts, or the cache's; null when ltocheck's flag
     *                    reader could not read the flags (LLVM must)
     * @param readBy      which reader gave {@code facts}
     * @param llvmRefused why LLVM refused the member (a cached refusal), or null
     * @param unusual     why LLVM must read this member itself (a value kind or behaviour ltocheck
     *                    does not model, a producer or summary newer than LLVM's), or null
     * @param debugInfo   whether its metadata holds debug-info records (never given to libLLVM in
     *                    process), as read or as the cache kept it; null when not known
     * @param probe       the member's place in the cache: it takes the result of a member read, and
     *                      what LLVM reads later of either kind when a finding names it
     * @param cached        what the cache gave, or null when the member was read
     */
    record Loaded(InputObject input, ByteBuffer bitcode, ModuleSummary summary, ModuleFacts facts, FlagsReadBy readBy,
                  String llvmRefused, String unusual, Boolean debugInfo, MemberCache.Probe probe, CachedMember cached)
            implements MemberResult {

        public boolean fromCache() {
            return cached != null;
        }

        /** Whether an earlier run's LLVM read these bytes when a finding named the module, and agreed with {@code facts}. */
        public boolean llvmAgreedInFinding() {
            return cached != null && cached.llvmAgreedInFinding();
        }

        /** The flags that pick a representative: equal lists are one flag set. */
        public List<ModuleFlag> flags() {
            return facts == null ? null : facts.flags();
        }
    }

    /** A native object (ELF): linked as is. */
    record Native(InputObject input, ObjectFormat format) implements MemberResult {
    }

    /**
     * An object no reader is given: not bitcode, damaged, or gone.
     *
     * @param bitOffset where ltocheck's reader stopped, -1 when not in a bitstream
     * @param blockPath the blocks it was in ({@code MODULE_BLOCK > METADATA_BLOCK}), empty when unknown
     */
    record Skipped(InputObject input, String reason, long bitOffset, String blockPath) implements MemberResult {
        public Skipped(InputObject input, String reason) {
            this(input, reason, -1, "");
        }
    }
}
