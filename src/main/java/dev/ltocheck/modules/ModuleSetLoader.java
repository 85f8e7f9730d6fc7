package dev.ltocheck.modules;

import dev.ltocheck.cache.CachedMember;
import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.input.ObjectFormat;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.bitstream.BitstreamException;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.llvm.ModuleReader;
import dev.ltocheck.summary.ModuleSummary;
import dev.ltocheck.summary.SummaryFormatException;
import dev.ltocheck.summary.SummaryReader;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Classifies every input object and loads the bitcode ones through LLVM, in parallel.
 *
 * <p>Each worker owns one LLVM context for its whole run (contexts are single-threaded); results
 * land in an array indexed by link order, so the outcome does not depend on the thread count.
 */
public final class ModuleSetLoader {
    /** FUNCTION_BLOCK: function bodies, which lazy loading does not read (sections parses them after its own walk). */
    public static final java.util.Set<Integer> LAZILY_SKIPPED_BLOCKS = java.util.Set.of(12);

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
        List<InputObject> objects = inputs.objects();
        LoadedObject[] results = new LoadedObject[objects.size()];
        int workers = Math.max(1, Math.min(threads, objects.size()));
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            try (LazyReader loader = new LazyReader(readers)) {
                for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
                    results[i] = loadCached(objects.get(i), loader, cache);
                }
            }
        };
        runOnWorkers(work, workers);

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

    private static LoadedObject loadCached(InputObject object, ModuleReader loader, MemberCache cache) {
        try {
            return loadCachedOrRead(object, loader, cache);
        } catch (UncheckedIOException e) {
            // A thin member mapped on use that went away after the inputs were listed.
            return new LoadedObject.Unreadable(object, InputObject.describe(e.getCause()));
        }
    }

    private static LoadedObject loadCachedOrRead(InputObject object, ModuleReader loader, MemberCache cache) {
        // The cache first: a member it has by its stamp is not even mapped. It keeps bitcode only.
        MemberCache.Probe probe = cache.probe(object);
        Optional<CachedMember> hit = probe.hit();
        if (hit.isPresent()) {
            CachedMember m = hit.get();
            return new LoadedObject.BitcodeModule(object, m.facts(), m.summary(), m.llvmRefused());
        }
        ObjectFormat format = object.format();
        if (format != ObjectFormat.BITCODE && format != ObjectFormat.WRAPPED_BITCODE) {
            return loadOne(object, loader);
        }
        Read read = read(object, loader);
        if (read.loaded() instanceof LoadedObject.BitcodeModule m && read.repeatable()) {
            probe.store(new CachedMember(m.facts(), m.summary(), m.llvmRefused()));
        }
        return read.loaded();
    }

    /** @param repeatable whether reading the same bytes again gives the same result (what the cache may keep) */
    private record Read(LoadedObject loaded, boolean repeatable) {
        static Read of(LoadedObject loaded) {
            return new Read(loaded, true);
        }
    }

    static LoadedObject loadOne(InputObject object, ModuleReader loader) {
        return read(object, loader).loaded();
    }

    private static Read read(InputObject object, ModuleReader loader) {
        ObjectFormat format = object.format();
        ByteBuffer bitcode;
        switch (format) {
            case ELF:
                return Read.of(new LoadedObject.NativeObject(object, format));
            case OTHER:
                return Read.of(new LoadedObject.Unreadable(object, object.bytes().limit() == 0 ? "empty file"
                        : "neither LLVM bitcode nor an ELF object (starts with " + hexPrefix(object.bytes()) + ")"));
            case WRAPPED_BITCODE:
                try {
                    bitcode = ObjectFormat.unwrap(object.bytes());
                } catch (IllegalArgumentException e) {
                    return Read.of(new LoadedObject.Unreadable(object, e.getMessage()));
                }
                if (ObjectFormat.of(bitcode) != ObjectFormat.BITCODE) {
                    return Read.of(new LoadedObject.Unreadable(object, "bitcode wrapper does not contain bitcode"));
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
        ModuleSummary summary;
        try {
            summary = SummaryReader.readChecked(bitcode, LAZILY_SKIPPED_BLOCKS::contains);
        } catch (BitstreamException | SummaryFormatException e) {
            return Read.of(new LoadedObject.Unreadable(object, "not valid bitcode, not given to LLVM: " + e.getMessage()));
        }
        try {
            return Read.of(new LoadedObject.BitcodeModule(object, loader.load(bitcode, object.id().lldName()), summary, null));
        } catch (BitcodeLoadException e) {
            return new Read(refusedByLlvm(object, bitcode, summary, e.getMessage()), e.ofTheBytes());
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
                + producer + ": " + llvmMessage + "; ld.lld " + dev.ltocheck.llvm.Toolchain.LLVM_VERSION
                + " will refuse it too";
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
            if (reader == null) {
                reader = factory.get();
            }
            return reader.load(bitcode, name);
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
            }
        }
    }

    private static String hexPrefix(ByteBuffer bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(4, bytes.limit()); i++) {
            out.append(String.format("%02x", bytes.get(i) & 0xff));
        }
        return out.toString();
    }

    private static void runOnWorkers(Runnable work, int workers) {
        if (workers == 1) {
            work.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "ltocheck-loader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                futures.add(pool.submit(work));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading modules", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("loading modules failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
