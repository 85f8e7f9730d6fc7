package dev.ltocheck.modules;

import dev.ltocheck.cache.CachedMember;
import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.input.ObjectFormat;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.bitstream.BitstreamException;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.llvm.LlvmThreads;
import dev.ltocheck.llvm.ModuleReader;
import dev.ltocheck.parallel.Workers;
import dev.ltocheck.summary.BitcodeIds;
import dev.ltocheck.summary.ModuleSummary;
import dev.ltocheck.summary.SummaryFormatException;
import dev.ltocheck.summary.SummaryReader;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Classifies every input object and loads the bitcode ones through LLVM, in parallel.
 *
 * <p>Each worker owns one LLVM context for its whole run (contexts are single-threaded); results
 * land in an array indexed by link order, so the outcome does not depend on the thread count.
 */
public final class ModuleSetLoader {
    /** Function bodies, which lazy loading does not read (sections parses them after its own walk). */
    public static final java.util.Set<Integer> LAZILY_SKIPPED_BLOCKS = java.util.Set.of(BitcodeIds.FUNCTION_BLOCK);

    private ModuleSetLoader() {
    }

    public static ModuleSet load(Inputs inputs, int threads) {
        return load(inputs, threads, BitcodeLoader::new, MemberCache.disabled());
    }

    /**
     * @param readers makes one module reader per worker thread, when it first needs one: in
     *                process, or isolated (--isolate); a run that finds everything in the cache
     *                never starts LLVM
     * @param cache   what earlier runs read; members found there are not read again
     */
    public static ModuleSet load(Inputs inputs, int threads, Supplier<ModuleReader> readers, MemberCache cache) {
        try (Workers workers = new Workers(Math.max(1, threads), LlvmThreads.factory("ltocheck-loader"))) {
            return loadWhile(inputs, workers, readers, cache, early -> null).modules();
        }
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

    /**
     * Reads the inputs in two passes: ltocheck's own (the member cache, the format, the structural
     * walk and the summary), then LLVM's lazy load of the bitcode members that passed. While LLVM
     * reads, {@code whileLlvmReads} runs on the calling thread with what the first pass found (the
     * thin link needs summaries only, so it need not wait for LLVM).
     */
    public static <R> Loaded<R> loadWhile(Inputs inputs, Workers pool, Supplier<ModuleReader> readers, MemberCache cache,
                                          Function<Early, R> whileLlvmReads) {
        int threads = pool.threads();
        List<InputObject> objects = inputs.objects();
        LoadedObject[] results = new LoadedObject[objects.size()];
        Pending[] pending = new Pending[objects.size()];
        int workers = Math.max(1, Math.min(threads, objects.size()));
        AtomicInteger next = new AtomicInteger();
        runOnWorkers(() -> {
            for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
                FirstPass first = firstPass(objects.get(i), cache);
                if (first instanceof Pending p) {
                    pending[i] = p;
                } else {
                    results[i] = ((Final) first).loaded();
                }
            }
        }, workers, pool);

        List<ThinModule> offered = new ArrayList<>();
        List<Integer> forLlvm = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            InputObject o = objects.get(i);
            if (pending[i] != null) {
                forLlvm.add(i);
                offered.add(new ThinModule(o.id().lldName(), pending[i].summary(), o.lazy()));
            } else if (results[i] instanceof LoadedObject.BitcodeModule m) {
                offered.add(new ThinModule(o.id().lldName(), m.summary(), o.lazy()));
            }
        }
        AtomicInteger nextForLlvm = new AtomicInteger();
        Runnable secondPass = () -> {
            try (LazyReader loader = new LazyReader(readers)) {
                for (int k = nextForLlvm.getAndIncrement(); k < forLlvm.size(); k = nextForLlvm.getAndIncrement()) {
                    int i = forLlvm.get(k);
                    results[i] = secondPass(objects.get(i), pending[i], loader);
                }
            }
        };
        R meanwhile;
        if (forLlvm.isEmpty()) {
            meanwhile = whileLlvmReads.apply(new Early(List.copyOf(offered), true));
        } else {
            Future<?> llvm = startOnWorkers(secondPass, Math.max(1, Math.min(threads, forLlvm.size())), pool);
            try {
                meanwhile = whileLlvmReads.apply(new Early(List.copyOf(offered), false));
            } catch (RuntimeException | Error e) {
                try {
                    await(llvm); // LLVM's workers own contexts: they end before the run does
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
            await(llvm);
        }
        return new Loaded<>(assemble(inputs, results), meanwhile);
    }

    private static ModuleSet assemble(Inputs inputs, LoadedObject[] results) {
        List<LoadedObject.BitcodeModule> bitcode = new ArrayList<>();
        List<LoadedObject.NativeObject> natives = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>(inputs.problems());
        List<InputProblem> warnings = new ArrayList<>();
        for (LoadedObject result : results) {
            if (result instanceof LoadedObject.BitcodeModule m) {
                bitcode.add(m);
                if (m.llvmRefused() != null) {
                    problems.add(new InputProblem(m.id().lldName(), m.llvmRefused()));
                }
                m.summary().warning().ifPresent(w -> warnings.add(new InputProblem(m.id().lldName(), w)));
            } else if (result instanceof LoadedObject.NativeObject n) {
                natives.add(n);
            } else if (result instanceof LoadedObject.Unreadable u) {
                problems.add(new InputProblem(u.id().lldName(), u.reason()));
            } else {
                throw new IllegalStateException("a worker left an object unprocessed");
            }
        }
        return new ModuleSet(List.copyOf(bitcode), List.copyOf(natives), List.copyOf(problems), List.copyOf(warnings));
    }

    /** What the first pass made of an object: a {@link Final} result, or a {@link Pending} one. */
    private sealed interface FirstPass permits Final, Pending {
    }

    /** Read, or found unreadable, without LLVM: native objects, damaged members, cached members. */
    private record Final(LoadedObject loaded) implements FirstPass, Checked {
    }

    /**
     * A bitcode member ltocheck's own readers passed, for LLVM to read.
     *
     * @param probe where the cache takes the result, once there is one
     */
    private record Pending(ByteBuffer bitcode, ModuleSummary summary, boolean debugInfo, MemberCache.Probe probe)
            implements FirstPass {
    }

    private static boolean isBitcode(ObjectFormat format) {
        return format == ObjectFormat.BITCODE || format == ObjectFormat.WRAPPED_BITCODE;
    }

    /** The member cache, the format, our own structural walk and summary. */
    private static FirstPass firstPass(InputObject object, MemberCache cache) {
        try {
            // An object in memory already is told by its format first: the cache keeps bitcode only.
            if (!object.mappedOnUse() && !isBitcode(object.format())) {
                return (Final) checkedByOurReaders(object);
            }
            // A member mapped on use goes to the cache first: one it has by its stamp is never mapped.
            MemberCache.Probe probe = cache.probe(object);
            Optional<CachedMember> hit = probe.hit();
            if (hit.isPresent()) {
                CachedMember m = hit.get();
                return new Final(new LoadedObject.BitcodeModule(object, m.facts(), m.summary(), m.llvmRefused()));
            }
            Checked checked = checkedByOurReaders(object);
            return checked instanceof ReadByUs r ? new Pending(r.bitcode(), r.summary(), r.debugInfo(), probe)
                    : (Final) checked;
        } catch (UncheckedIOException e) {
            // A thin member mapped on use that went away after the inputs were listed.
            return new Final(new LoadedObject.Unreadable(object, InputObject.describe(e.getCause())));
        }
    }

    private static LoadedObject secondPass(InputObject object, Pending p, ModuleReader loader) {
        // LLVM's debug-info reader trusts what it reads (fuzzing: three crashes, each elsewhere): in
        // process, ltocheck's own readers alone read such a module; an isolated reader may give it to LLVM.
        Read read = p.debugInfo() && !loader.containsCrashes() ? readByUsAlone(object, p.bitcode(), p.summary())
                : readByLlvm(object, p.bitcode(), p.summary(), loader);
        if (read.loaded() instanceof LoadedObject.BitcodeModule m && read.repeatable()) {
            p.probe().store(new CachedMember(m.facts(), m.summary(), m.llvmRefused()));
        }
        return read.loaded();
    }

    /** @param repeatable whether reading the same bytes again gives the same result (what the cache may keep) */
    private record Read(LoadedObject loaded, boolean repeatable) {
    }

    /** What ltocheck's own readers made of an object. */
    private sealed interface Checked permits Final, ReadByUs {
    }

    /** Bitcode our own readers passed, and the summary they read. */
    private record ReadByUs(ByteBuffer bitcode, ModuleSummary summary, boolean debugInfo) implements Checked {
    }

    private static Checked checkedByOurReaders(InputObject object) {
        ObjectFormat format = object.format();
        ByteBuffer bitcode;
        switch (format) {
            case ELF:
                return new Final(new LoadedObject.NativeObject(object, format));
            case OTHER:
                return new Final(new LoadedObject.Unreadable(object, object.bytes().limit() == 0 ? "empty file"
                        : "neither LLVM bitcode nor an ELF object (" + ObjectFormat.describeOther(object.bytes()) + ")"));
            case WRAPPED_BITCODE:
                try {
                    bitcode = ObjectFormat.unwrap(object.bytes());
                } catch (IllegalArgumentException e) {
                    return new Final(new LoadedObject.Unreadable(object, e.getMessage()));
                }
                if (ObjectFormat.of(bitcode) != ObjectFormat.BITCODE) {
                    return new Final(new LoadedObject.Unreadable(object, "bitcode wrapper does not contain bitcode"));
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
        try {
            SummaryReader.CheckedModule checked = SummaryReader.readChecked(bitcode, LAZILY_SKIPPED_BLOCKS::contains);
            return new ReadByUs(bitcode, checked.summary(), checked.debugInfo());
        } catch (BitstreamException | SummaryFormatException e) {
            return new Final(new LoadedObject.Unreadable(object, "not valid bitcode, not given to LLVM: " + e.getMessage()));
        }
    }

    private static Read readByLlvm(InputObject object, ByteBuffer bitcode, ModuleSummary summary, ModuleReader loader) {
        try {
            return new Read(new LoadedObject.BitcodeModule(object, loader.load(bitcode, object.id().lldName()), summary,
                    null), true);
        } catch (BitcodeLoadException e) {
            return new Read(refusedByLlvm(object, bitcode, summary, e.getMessage()), e.ofTheBytes());
        }
    }

    /** A module ltocheck's own readers read in full, for LLVM not to read it in process. */
    private static Read readByUsAlone(InputObject object, ByteBuffer bitcode, ModuleSummary summary) {
        try {
            var flags = OwnFlags.read(bitcode, summary);
            return new Read(new LoadedObject.BitcodeModule(object,
                    new dev.ltocheck.llvm.ModuleFacts(summary.sourceFilename(), summary.triple(), flags), summary, null),
                    true);
        } catch (SummaryFormatException e) {
            return new Read(new LoadedObject.Unreadable(object, "its module flags are unreadable: " + e.getMessage()), true);
        }
    }

    /**
     * LLVM 20 refused a module our own readers can read (bitcode from a newer LLVM): its flags and
     * summary still take part, and the problem line says what happened.
     */
    private static LoadedObject refusedByLlvm(InputObject object, ByteBuffer bitcode, ModuleSummary summary,
                                              String llvmMessage) {
        String producer = summary.producer().isEmpty() ? "an unknown producer" : summary.producer();
        String refused = "LLVM " + dev.ltocheck.llvm.Toolchain.LLVM_VERSION + " cannot read this bitcode from "
                + producer + ": " + llvmMessage + "; an ld.lld older than its producer may refuse it too (the report's"
                + " first line says what yours does)";
        try {
            var flags = OwnFlags.read(bitcode, summary);
            return new LoadedObject.BitcodeModule(object,
                    new dev.ltocheck.llvm.ModuleFacts(summary.sourceFilename(), summary.triple(), flags), summary,
                    refused + "; module flags and ThinLTO summary read by ltocheck's own reader instead");
        } catch (SummaryFormatException e) {
            return new LoadedObject.Unreadable(object, refused + "; its module flags are unreadable too: " + e.getMessage());
        }
    }

    /** A worker's module reader, made when the first member the cache does not have needs it. */
    private static final class LazyReader implements ModuleReader {
        private final Supplier<ModuleReader> factory;
        private ModuleReader reader;

        LazyReader(Supplier<ModuleReader> factory) {
            this.factory = factory;
        }

        @Override
        public dev.ltocheck.llvm.ModuleFacts load(ByteBuffer bitcode, String name) throws BitcodeLoadException {
            return reader().load(bitcode, name);
        }

        @Override
        public boolean containsCrashes() {
            return reader().containsCrashes();
        }

        private ModuleReader reader() {
            if (reader == null) {
                reader = factory.get();
            }
            return reader;
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
            }
        }
    }

    private static void runOnWorkers(Runnable work, int workers, Workers pool) {
        pool.runCopies(workers, work);
    }

    /**
     * {@code workers} copies of {@code work} on the pool; the future completes when all have
     * returned. LLVM reads on these threads: the pool's have the stack LLVM's metadata resolution needs.
     */
    private static Future<Void> startOnWorkers(Runnable work, int workers, Workers pool) {
        return pool.start(workers, work);
    }

    private static void await(Future<?> workers) {
        try {
            workers.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading modules", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("loading modules failed: " + e.getCause(), e.getCause());
        }
    }
}
