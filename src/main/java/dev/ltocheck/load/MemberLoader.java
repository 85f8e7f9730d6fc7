package dev.ltocheck.load;

import dev.ltocheck.bitcode.BitcodeIds;
import dev.ltocheck.bitcode.CheckedModule;
import dev.ltocheck.bitcode.SummaryFormatException;
import dev.ltocheck.bitstream.BitstreamException;
import dev.ltocheck.cache.CachedMember;
import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.ObjectFormat;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.FlagsReadBy;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.llvm.ModuleReader;
import dev.ltocheck.llvm.Toolchain;
import dev.ltocheck.modules.LoadedObject;
import dev.ltocheck.modules.OwnFlags;
import dev.ltocheck.summary.ModuleSummary;
import dev.ltocheck.summary.ProducerVersion;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One member of the link: ltocheck's own readers (the member cache, the format, the structural
 * walk, the summary, the module flags), then, when the policy asks, LLVM's lazy load.
 */
public final class MemberLoader {
    /** Function bodies, which lazy loading does not read (sections parses them after its own walk). */
    public static final Set<Integer> LAZILY_SKIPPED_BLOCKS = Set.of(BitcodeIds.FUNCTION_BLOCK);
    private static final int LLVM_MAJOR = Integer.parseInt(Toolchain.LLVM_VERSION.substring(0,
            Toolchain.LLVM_VERSION.indexOf('.')));
    private static final String UNREADABLE_FLAGS = "ltocheck's flag reader cannot read its flags: ";

    private MemberLoader() {
    }

    /** The member cache, the format, ltocheck's own structural walk, summary and module flags. */
    public static MemberResult read(InputObject object, MemberCache cache) {
        try {
            // An object in memory already is told by its format first: the cache keeps bitcode only.
            if (!object.mappedOnUse() && !isBitcode(object.format())) {
                return readByUs(object, null);
            }
            // A member mapped on use goes to the cache first: one it has by its stamp is never mapped.
            MemberCache.Probe probe = cache.probe(object);
            Optional<CachedMember> hit = probe.hit();
            if (hit.isPresent()) {
                CachedMember m = hit.get();
                return new MemberResult.Loaded(object, null, m.summary(), m.facts(), m.readBy(), m.llvmRefused(),
                        null, m.debugInfo(), probe, m);
            }
            return readByUs(object, probe);
        } catch (UncheckedIOException e) {
            // A thin member mapped on use that went away after the inputs were listed.
            return new MemberResult.Skipped(object, InputObject.describe(e.getCause()));
        }
    }

    private static boolean isBitcode(ObjectFormat format) {
        return format == ObjectFormat.BITCODE || format == ObjectFormat.WRAPPED_BITCODE;
    }

    /** The module's bitcode: the object's bytes, unwrapped. */
    static ByteBuffer bitcodeOf(InputObject object) {
        ByteBuffer bytes = object.bytes();
        return object.format() == ObjectFormat.WRAPPED_BITCODE ? ObjectFormat.unwrap(bytes) : bytes;
    }

    private static MemberResult readByUs(InputObject object, MemberCache.Probe probe) {
        ObjectFormat format = object.format();
        ByteBuffer bitcode;
        switch (format) {
            case ELF:
                return new MemberResult.Native(object, format);
            case OTHER:
                return new MemberResult.Skipped(object, object.bytes().limit() == 0 ? "empty file"
                        : "neither LLVM bitcode nor an ELF object (" + ObjectFormat.describeOther(object.bytes()) + ")");
            case WRAPPED_BITCODE:
                try {
                    bitcode = ObjectFormat.unwrap(object.bytes());
                } catch (IllegalArgumentException e) {
                    return new MemberResult.Skipped(object, e.getMessage());
                }
                if (ObjectFormat.of(bitcode) != ObjectFormat.BITCODE) {
                    return new MemberResult.Skipped(object, "bitcode wrapper does not contain bitcode");
                }
                break;
            case BITCODE:
            default:
                bitcode = object.bytes();
                break;
        }
        // One pass of our own over everything LLVM's lazy loader reads: the structure walked, the
        // summary read, the metadata checked. What our readers cannot make sense of is not handed
        // to LLVM, which trusts more than they check.
        CheckedModule checked;
        try {
            checked = CheckedModule.read(bitcode, LAZILY_SKIPPED_BLOCKS::contains);
        } catch (BitstreamException e) {
            return new MemberResult.Skipped(object, "not valid bitcode, not given to LLVM: " + e.getMessage(),
                    e.bitOffset(), "");
        } catch (SummaryFormatException e) {
            return new MemberResult.Skipped(object, "not valid bitcode, not given to LLVM: " + e.getMessage(), -1,
                    e.where());
        } catch (RuntimeException e) {
            // A reader that failed on input it should have refused in words: still one line for this
            // member, the rest of the archive analysed, and the failure named so it can be reported.
            return new MemberResult.Skipped(object, "not valid bitcode, not given to LLVM (ltocheck's reader failed on"
                    + " it: " + e + "; please report)", -1, "");
        }
        if (object.mappedOnUse()) {
            // Read once by our readers, a member is mapped again only if LLVM must read it too (the
            // cache has its content hash already): its pages need not stay mapped for the whole run.
            object.release();
            bitcode = null;
        }
        ModuleSummary summary = checked.summary();
        boolean debugInfo = checked.debugInfo();
        if (checked.flags() == null) {
            return new MemberResult.Loaded(object, bitcode, summary, null, FlagsReadBy.LTOCHECK, null,
                    UNREADABLE_FLAGS + checked.flagsProblem(), debugInfo, probe, null);
        }
        List<ModuleFlag> flags = OwnFlags.upgraded(checked.flags());
        return new MemberResult.Loaded(object, bitcode, summary, new ModuleFacts(summary.sourceFilename(),
                summary.triple(), flags), FlagsReadBy.LTOCHECK, null, unusual(summary, flags), debugInfo, probe, null);
    }

    /**
     * Why LLVM must read a member itself rather than trust ltocheck's reader with it, or null: a
     * producer or summary newer than LLVM's, a behaviour or value kind ltocheck does not model.
     */
    static String unusual(ModuleSummary summary, List<ModuleFlag> flags) {
        int major = ProducerVersion.major(summary.producer());
        if (major == 0) {
            return "producer '" + summary.producer() + "' is not an LLVM release ltocheck knows";
        }
        if (major > LLVM_MAJOR) {
            return "producer " + summary.producer() + " is newer than LLVM " + Toolchain.LLVM_VERSION;
        }
        if (summary.version() > ModuleSummary.NEWEST_KNOWN_VERSION) {
            return "summary version " + summary.version() + " is newer than LLVM " + Toolchain.LLVM_VERSION + "'s";
        }
        if (summary.warning().isPresent()) {
            return summary.warning().get();
        }
        for (ModuleFlag f : flags) {
            if (f.behavior() < 1 || f.behavior() > 8) {
                return "flag '" + f.key() + "' has behaviour " + f.behavior() + ", which ltocheck does not model";
            }
            if (!modelled(f.value())) {
                return "flag '" + f.key() + "' has a value kind ltocheck does not model";
            }
        }
        return null;
    }

    private static boolean modelled(FlagValue value) {
        if (value instanceof FlagValue.Node n) {
            return n.operands().stream().allMatch(MemberLoader::modelled);
        }
        return value instanceof FlagValue.Int || value instanceof FlagValue.Str || value instanceof FlagValue.Null;
    }

    /** @param repeatable whether reading the same bytes again gives the same result (what the cache may keep) */
    record LlvmRead(LoadedObject loaded, boolean repeatable) {
    }

    /**
     * LLVM's lazy load of a member ltocheck's readers passed. LLVM's debug-info reader trusts what
     * it reads (fuzzing: three crashes, each elsewhere): in process, ltocheck's own readers alone
     * read such a module; an isolated reader may give it to LLVM.
     */
    static LlvmRead readByLlvm(MemberResult.Loaded member, FlagsReadBy why, ModuleReader loader) {
        InputObject object = member.input();
        ByteBuffer bitcode;
        try {
            bitcode = member.bitcode() != null ? member.bitcode() : bitcodeOf(object);
        } catch (java.io.UncheckedIOException e) {
            // A member from the cache, mapped now, that went away since it was listed: one line.
            return new LlvmRead(new LoadedObject.Unreadable(object, InputObject.describe(e.getCause())), false);
        }
        // Bytes mapped now (a member from the cache, or one released after reading) are the file as it
        // is now: our readers' safety check passes on these very bytes before LLVM gets them, since a
        // stamp (size, time, inode) does not prove the content unchanged.
        Boolean debugInfo = member.debugInfo();
        if (member.bitcode() == null) {
            try {
                debugInfo = CheckedModule.read(bitcode, LAZILY_SKIPPED_BLOCKS::contains).debugInfo();
            } catch (BitstreamException | SummaryFormatException e) {
                return new LlvmRead(new LoadedObject.Unreadable(object, "changed since it was read, and its bytes now"
                        + " do not pass ltocheck's checks: " + e.getMessage()), false);
            }
        }
        if (!loader.containsCrashes() && hasDebugInfo(debugInfo, bitcode)) {
            return new LlvmRead(member.facts() == null
                    ? new LoadedObject.Unreadable(object, "its module flags are unreadable: "
                    + member.unusual().substring(UNREADABLE_FLAGS.length()))
                    : new LoadedObject.BitcodeModule(object, member.facts(), member.summary(), member.llvmRefused(),
                    FlagsReadBy.LTOCHECK_DEBUG_INFO), true);
        }
        try {
            return new LlvmRead(new LoadedObject.BitcodeModule(object, loader.load(bitcode, object.id().lldName()),
                    member.summary(), null, why), true);
        } catch (BitcodeLoadException e) {
            return new LlvmRead(refusedByLlvm(member, e.getMessage()), e.ofTheBytes());
        }
    }

    /**
     * LLVM 20 refused a module our own readers can read (bitcode from a newer LLVM): its flags and
     * summary still take part, and the problem line says what happened.
     */
    private static LoadedObject refusedByLlvm(MemberResult.Loaded member, String llvmMessage) {
        ModuleSummary summary = member.summary();
        String producer = summary.producer().isEmpty() ? "an unknown producer" : summary.producer();
        String refused = "LLVM " + Toolchain.LLVM_VERSION + " cannot read this bitcode from "
                + producer + ": " + llvmMessage + "; an ld.lld older than its producer may refuse it too (the report's"
                + " first line says what yours does)";
        if (member.facts() == null) {
            return new LoadedObject.Unreadable(member.input(), refused + "; its module flags are unreadable too: "
                    + member.unusual().substring(UNREADABLE_FLAGS.length()));
        }
        return new LoadedObject.BitcodeModule(member.input(), member.facts(), summary,
                refused + "; module flags and ThinLTO summary read by ltocheck's own reader instead", FlagsReadBy.LTOCHECK);
    }

    /** Whether the module's metadata holds debug-info records; not known yet (an old cache entry): read to know. */
    private static boolean hasDebugInfo(Boolean known, ByteBuffer bitcode) {
        if (known != null) {
            return known;
        }
        try {
            return CheckedModule.read(bitcode, LAZILY_SKIPPED_BLOCKS::contains).debugInfo();
        } catch (BitstreamException | SummaryFormatException e) {
            return true; // the bytes do not pass: LLVM does not get them
        }
    }

    /** A member whose facts ltocheck's own reader (or the cache) gave. */
    static LoadedObject.BitcodeModule withoutLlvm(MemberResult.Loaded member) {
        return new LoadedObject.BitcodeModule(member.input(), member.facts(), member.summary(), member.llvmRefused(),
                member.readBy());
    }

    /** What the cache keeps of a member ({@code member}'s reading, {@code m} what became of it). */
    static CachedMember cached(MemberResult.Loaded member, LoadedObject.BitcodeModule m) {
        return new CachedMember(m.facts(), m.summary(), m.llvmRefused(), m.readBy(),
                Boolean.TRUE.equals(member.debugInfo()));
    }
}
