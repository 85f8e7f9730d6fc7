package dev.ltocheck.llvm;

import java.util.List;

/**
 * Asks LLVM's IRMover how module flags merge: in this process ({@link FlagMerger}) or in a child
 * process ({@link IsolatedFlagMerger}, {@code --isolate}), where a crash inside libLLVM costs one
 * merge ({@link FlagMergeCrashed}) instead of the run.
 */
public interface FlagMerging extends AutoCloseable {

    /** As {@link FlagMerger#mergeSequence}. */
    List<FlagMerger.Step> mergeSequence(FlagMerger.NamedFlags destination, List<FlagMerger.NamedFlags> sources)
            throws BitcodeLoadException;

    /** Merges one source into one destination. */
    default FlagMerger.Step merge(FlagMerger.NamedFlags destination, FlagMerger.NamedFlags source)
            throws BitcodeLoadException {
        return mergeSequence(destination, List.of(source)).get(0);
    }

    @Override
    void close();
}
