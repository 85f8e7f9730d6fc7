package dev.ltocheck.imports;

import java.util.List;

/**
 * Computes lld's thin link of a set of modules: {@link ThinLink#run} on the run's pool, or, where
 * the session keeps a memo, the outcome an earlier run computed on the very same modules and
 * options (the fix plan's check of the link without its objects is the same run after run).
 */
@FunctionalInterface
public interface ThinLinker {
    ImportResult run(List<ThinModule> offered, LinkOptions link, ImportOptions options);
}
