package dev.ltocheck.session;

import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.input.LinkLine;
import dev.ltocheck.llvm.LldVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How the modelled link is made, as the user asked beyond the link line: the lld options that
 * change what ThinLTO imports, and the lld whose behaviour is modelled.
 *
 * @param mllvm       -mllvm options, added after the link line's (each an import option: checked
 *                    by {@link #check})
 * @param ltoOptLevel --lto-O, or null for the link's
 * @param executable  an executable link instead of the link line's kind
 * @param entry       --entry, or null for the link's
 * @param exported    symbols kept by the link
 * @param lldVersion  the ld.lld version to model, when the user named one
 */
public record LinkModel(List<String> mllvm, Integer ltoOptLevel, boolean executable, String entry,
                        List<String> exported, Optional<LldVersion> lldVersion) {

    public LinkModel {
        mllvm = List.copyOf(mllvm);
        exported = List.copyOf(exported);
    }

    /** The model of lld's defaults. */
    public static final LinkModel DEFAULTS = new LinkModel(List.of(), null, false, null, List.of(), Optional.empty());

    /** @throws IllegalArgumentException naming the first -mllvm option that is no import option, or a bad value */
    public void check() {
        ImportOptions.LLVM_DEFAULTS.withMllvm(mllvm);
    }

    /** The import options of {@code line}, the user's -mllvm options after the link's own. */
    public ImportOptions importOptions(LinkLine line) {
        int level = ltoOptLevel != null ? ltoOptLevel : line.ltoOptLevel() != null ? line.ltoOptLevel() : 2;
        ImportOptions options = ImportOptions.LLVM_DEFAULTS.withLtoOptLevel(level);
        // A link line may carry -mllvm options that do not touch importing: those are not ours to judge.
        for (String option : line.mllvm()) {
            try {
                options = options.withMllvm(List.of(option));
            } catch (IllegalArgumentException e) {
                // not an import option
            }
        }
        return options.withMllvm(mllvm);
    }

    /** The link's options when they do not depend on native objects' symbols (relocatable links), else empty. */
    public Optional<LinkOptions> linkOptionsWithoutNatives(LinkLine line) {
        return relocatable(line) ? Optional.of(LinkOptions.RELOCATABLE) : Optional.empty();
    }

    public LinkOptions linkOptions(LinkLine line, Supplier<Set<String>> nativeReferences) {
        if (relocatable(line)) {
            return LinkOptions.RELOCATABLE;
        }
        List<String> kept = new ArrayList<>(exported);
        kept.addAll(line.undefined());
        return LinkOptions.executable(entry != null ? entry : line.entry(), kept, nativeReferences.get());
    }

    private boolean relocatable(LinkLine line) {
        return line.origin().equals(LinkRequest.COMMAND_LINE) ? !executable : line.relocatable() && !executable;
    }
}
