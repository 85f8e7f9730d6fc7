package dev.ltocheck.imports;

import dev.ltocheck.parallel.Workers;
import dev.ltocheck.summary.Guid;
import dev.ltocheck.summary.Linkage;
import dev.ltocheck.summary.ModuleSummary;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongIterator;
import it.unimi.dsi.fastutil.longs.LongSet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * ld.lld 20's thin link, predicted from summaries: symbol resolution, liveness, attribute
 * propagation, then every module's import list ({@code LTO::run}, {@code LTO::runThinLTO},
 * {@code ComputeCrossModuleImport}).
 */
public final class ThinLink {
    private ThinLink() {
    }

    /** The thin link with one import thread per core. */
    public static ImportResult run(List<ThinModule> offered, LinkOptions link, ImportOptions options) {
        return run(offered, link, options, Runtime.getRuntime().availableProcessors());
    }

    /** @param threads at most this many threads decide imports (-j); the result does not depend on it */
    public static ImportResult run(List<ThinModule> offered, LinkOptions link, ImportOptions options, int threads) {
        try (Workers workers = new Workers(Math.max(1, threads), Thread::new)) {
            return run(offered, link, options, workers);
        }
    }

    /** @param workers the run's pool (-j), which decides imports; the result does not depend on it */
    public static ImportResult run(List<ThinModule> offered, LinkOptions link, ImportOptions options, Workers workers) {
        SymbolResolution resolution = SymbolResolution.resolve(offered);
        List<ThinModule> thin = new ArrayList<>();
        List<ThinModule> regular = new ArrayList<>();
        int[] thinIndexOfOffered = new int[offered.size()];
        java.util.Arrays.fill(thinIndexOfOffered, -1);
        for (int i : resolution.joined()) {
            if (offered.get(i).summary().kind() == ModuleSummary.Kind.THIN) {
                thinIndexOfOffered[i] = thin.size();
                thin.add(offered.get(i));
            } else {
                regular.add(offered.get(i));
            }
        }
        List<ThinModule> notJoined = new ArrayList<>();
        for (int i = 0; i < offered.size(); i++) {
            if (!resolution.joined(i)) {
                notJoined.add(offered.get(i));
            }
        }

        LongSet keptByTheLink = new LongOpenHashSet();
        link.exported().forEach(name -> keptByTheLink.add(guidOfName(name)));
        link.nativeReferences().forEach(name -> keptByTheLink.add(guidOfName(name)));
        if (link.entry() != null) {
            keptByTheLink.add(guidOfName(link.entry()));
        }
        // Sized for every known symbol up front: filling a smaller open-addressing table in the
        // iteration order of a larger one with the same hash clusters it (quadratic probing time).
        int known = resolution.known().size();
        LongOpenHashSet preserved = new LongOpenHashSet(known);
        Long2ObjectOpenHashMap<Liveness.Prevailing> prevailing = new Long2ObjectOpenHashMap<>(known);
        Long2IntOpenHashMap prevailingModule = new Long2IntOpenHashMap(known);
        prevailingModule.defaultReturnValue(-1);
        for (LongIterator it = resolution.known().iterator(); it.hasNext(); ) {
            long guid = it.nextLong();
            int owner = resolution.prevailingModule(guid);
            prevailing.put(guid, owner >= 0 ? Liveness.Prevailing.YES : Liveness.Prevailing.NO);
            if (owner < 0) {
                continue;
            }
            int thinOwner = thinIndexOfOffered[owner];
            if (thinOwner >= 0) {
                prevailingModule.put(guid, thinOwner);
            }
            boolean outsideSummary = thinOwner < 0;
            if (link.relocatable() || outsideSummary || keptByTheLink.contains(guid)) {
                preserved.add(guid);
            }
        }

        CombinedIndex index = new CombinedIndex(List.copyOf(thin), workers);
        boolean importEnabled = options.ltoOptLevel() > 0;
        Liveness.computeDeadSymbols(index, preserved, prevailing, options);
        if (importEnabled) {
            Liveness.propagateAttributes(index, preserved, options, workers);
        }
        ModuleImports[] perModule = new ModuleImports[thin.size()];
        if (!importEnabled) {
            for (int m = 0; m < perModule.length; m++) {
                perModule[m] = new ModuleImports(m, List.of(), List.of());
            }
        } else if (options.cutoff() >= 0) {
            // -import-cutoff counts imports across modules in link order: one thread, as LLVM's static counter.
            FunctionImporter importer = new FunctionImporter(index, options, prevailingModule, new int[1]);
            for (int m = 0; m < perModule.length; m++) {
                perModule[m] = importer.computeImportForModule(m);
            }
        } else {
            decideInParallel(perModule, workers,
                    () -> new FunctionImporter(index, options, prevailingModule, new int[1]));
        }
        return new ImportResult(List.copyOf(thin), List.of(perModule), List.copyOf(notJoined), List.copyOf(regular));
    }

    /**
     * Modules are independent once the index is final. An importer keeps per-module state, so each
     * copy of the loop has its own, and drops it when the modules run out.
     */
    private static void decideInParallel(ModuleImports[] perModule, Workers workers, Supplier<FunctionImporter> importers) {
        AtomicInteger next = new AtomicInteger();
        workers.runCopies(Math.min(workers.threads(), Math.max(1, perModule.length)), () -> {
            FunctionImporter importer = null;
            for (int m = next.getAndIncrement(); m < perModule.length; m = next.getAndIncrement()) {
                if (importer == null) {
                    importer = importers.get();
                }
                perModule[m] = importer.computeImportForModule(m);
            }
        });
    }

    /** A linker symbol's GUID as LTO computes it from the name: without the leading byte 1 (mangling escape). */
    private static long guidOfName(String name) {
        return Guid.of(Guid.globalIdentifier(name, Linkage.EXTERNAL, ""));
    }
}
