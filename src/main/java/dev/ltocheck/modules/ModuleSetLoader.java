package dev.ltocheck.modules;

import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.llvm.ModuleReader;
import dev.ltocheck.llvm.LlvmThreads;
import dev.ltocheck.load.LinkLoader;
import dev.ltocheck.load.LlvmReads;
import dev.ltocheck.load.MemberLoader;
import dev.ltocheck.parallel.Workers;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The loader's entry points as they were before it moved to {@code load/} ({@link LinkLoader}):
 * kept so that callers need not change at once.
 */
public final class ModuleSetLoader {
    /** Function bodies, which lazy loading does not read (sections parses them after its own walk). */
    public static final java.util.Set<Integer> LAZILY_SKIPPED_BLOCKS = MemberLoader.LAZILY_SKIPPED_BLOCKS;

    private ModuleSetLoader() {
    }

    public static ModuleSet load(Inputs inputs, int threads) {
        return load(inputs, threads, BitcodeLoader::new, MemberCache.disabled());
    }

    public static ModuleSet load(Inputs inputs, int threads, LlvmReads reads) {
        return loadWhile(inputs, threads, BitcodeLoader::new, MemberCache.disabled(), reads, early -> null).modules();
    }

    /**
     * @param readers makes one module reader per worker thread, when it first needs one: in
     *                process, or isolated (--isolate); a run that finds everything in the cache
     *                never starts LLVM
     * @param cache   what earlier runs read; members found there are not read again
     */
    public static ModuleSet load(Inputs inputs, int threads, Supplier<ModuleReader> readers, MemberCache cache) {
        return loadWhile(inputs, threads, readers, cache, early -> null).modules();
    }

    /**
     * What is known once ltocheck's own readers have passed every member, before LLVM reads them.
     *
     * @param offered      the bitcode modules offered to the thin link, in link order, with their
     *                     summaries ({@link ModuleSet#thinModules()} once LLVM has read them, unless
     *                     LLVM and ltocheck's own flag reader both fail on one)
     * @param fromCache    no member is left for LLVM to read (every bitcode member came from the
     *                     member cache, or none passed ltocheck's own readers)
     */
    public record Early(List<ThinModule> offered, boolean fromCache) {
    }

    /** @param meanwhile what {@code whileLlvmReads} returned */
    public record Loaded<R>(ModuleSet modules, R meanwhile) {
    }

    /** As {@link LinkLoader#loadWhile}, with LLVM reading the members the policy picks ({@link LlvmReads#NEEDED}). */
    public static <R> Loaded<R> loadWhile(Inputs inputs, int threads, Supplier<ModuleReader> readers, MemberCache cache,
                                          Function<Early, R> whileLlvmReads) {
        return loadWhile(inputs, threads, readers, cache, LlvmReads.NEEDED, whileLlvmReads);
    }

    public static <R> Loaded<R> loadWhile(Inputs inputs, int threads, Supplier<ModuleReader> readers, MemberCache cache,
                                          LlvmReads reads, Function<Early, R> whileLlvmReads) {
        try (Workers workers = new Workers(Math.max(1, threads), LlvmThreads.factory("ltocheck-loader"))) {
            return loadWhile(inputs, workers, readers, cache, reads, whileLlvmReads);
        }
    }

    public static <R> Loaded<R> loadWhile(Inputs inputs, Workers pool, Supplier<ModuleReader> readers, MemberCache cache,
                                          Function<Early, R> whileLlvmReads) {
        return loadWhile(inputs, pool, readers, cache, LlvmReads.NEEDED, whileLlvmReads);
    }

    /** On the run's one pool ({@code -j}): see {@link LinkLoader#loadWhile}. */
    public static <R> Loaded<R> loadWhile(Inputs inputs, Workers pool, Supplier<ModuleReader> readers, MemberCache cache,
                                          LlvmReads reads, Function<Early, R> whileLlvmReads) {
        return new LinkLoader(pool, readers, cache, reads).loadWhile(inputs, whileLlvmReads);
    }
}
