package dev.ltocheck.load;

import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.FlagsReadBy;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.llvm.ModuleReader;
import dev.ltocheck.modules.LlvmCoverage;
import dev.ltocheck.modules.LoadedObject;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.parallel.Workers;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a link's inputs in two passes, in parallel: ltocheck's own readers on every member
 * ({@link MemberLoader}), then LLVM's lazy load of the members {@link LlvmReadPolicy} picks. While
 * LLVM reads, the caller's work runs on the calling thread with what the first pass found (the
 * thin link needs summaries only). Results land in arrays indexed by link order, so the outcome
 * does not depend on the thread count.
 *
 * <p>Each LLVM worker owns one module reader (one LLVM context) for its whole run.
 */
public final class LinkLoader {
    private final Workers pool;
    private final int threads;
    private final Supplier<ModuleReader> readers;
    private final MemberCache cache;
    private final LlvmReadPolicy policy;

    /**
     * @param readers makes one module reader per worker thread, when it first needs one: in
     *                process, or isolated (--isolate); a run LLVM has nothing to read in never starts it
     * @param cache   what earlier runs read; members found there are not read again
     */
    public LinkLoader(Workers pool, Supplier<ModuleReader> readers, MemberCache cache, LlvmReads reads) {
        this.pool = pool;
        this.threads = pool.threads();
        this.readers = readers;
        this.cache = cache;
        this.policy = new LlvmReadPolicy(reads);
    }

    public <R> ModuleSetLoader.Loaded<R> loadWhile(Inputs inputs, Function<ModuleSetLoader.Early, R> whileLlvmReads) {
        List<InputObject> objects = inputs.objects();
        MemberResult[] first = new MemberResult[objects.size()];
        AtomicInteger next = new AtomicInteger();
        runOnWorkers(() -> {
            for (int i = next.getAndIncrement(); i < first.length; i = next.getAndIncrement()) {
                first[i] = MemberLoader.read(objects.get(i), cache);
            }
        }, Math.max(1, Math.min(threads, objects.size())));

        List<MemberResult.Loaded> members = new ArrayList<>(first.length);
        List<ThinModule> offered = new ArrayList<>();
        for (MemberResult r : first) {
            MemberResult.Loaded m = r instanceof MemberResult.Loaded l ? l : null;
            members.add(m);
            if (m != null) {
                offered.add(new ThinModule(m.input().id().lldName(), m.summary(), m.input().lazy()));
            }
        }
        LoadedObject[] results = new LoadedObject[first.length];
        List<LlvmReadPolicy.Read> round = policy.firstRound(members);
        R meanwhile;
        if (round.isEmpty()) {
            meanwhile = whileLlvmReads.apply(new ModuleSetLoader.Early(List.copyOf(offered), true));
        } else {
            CompletableFuture<?> llvm = startOnWorkers(readByLlvm(members, round, results), workersFor(round.size()));
            try {
                meanwhile = whileLlvmReads.apply(new ModuleSetLoader.Early(List.copyOf(offered), false));
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
        String disagreement = settle(members, round, results);
        for (int i = 0; i < first.length; i++) {
            if (results[i] == null) {
                results[i] = first[i] instanceof MemberResult.Loaded m ? withoutLlvm(m) : finalResult(first[i]);
            }
        }
        return new ModuleSetLoader.Loaded<>(assemble(inputs, results, disagreement, members), meanwhile);
    }

    /**
     * After the first round: representatives LLVM refused are replaced by the next member of their
     * flag set; if LLVM and ltocheck's reader disagree on any member, LLVM reads every member.
     *
     * @return the member they disagreed on first, or null
     */
    private String settle(List<MemberResult.Loaded> members, List<LlvmReadPolicy.Read> round, LoadedObject[] results) {
        Set<Integer> tried = new HashSet<>();
        while (!round.isEmpty()) {
            round.forEach(r -> tried.add(r.index()));
            for (LlvmReadPolicy.Read r : round) {
                if (results[r.index()] instanceof LoadedObject.BitcodeModule m && m.llvmRefused() == null
                        && !LlvmReadPolicy.agree(members.get(r.index()), m.facts())) {
                    readAll(members, results);
                    return m.id().lldName();
                }
            }
            Set<List<ModuleFlag>> refusedSets = new HashSet<>();
            for (LlvmReadPolicy.Read r : round) {
                if (r.why() == FlagsReadBy.LLVM_REPRESENTATIVE && !(results[r.index()] instanceof LoadedObject.BitcodeModule m
                        && m.llvmRefused() == null)) {
                    refusedSets.add(members.get(r.index()).flags());
                }
            }
            round = refusedSets.isEmpty() ? List.of() : policy.nextRepresentatives(members, tried, refusedSets);
            if (!round.isEmpty()) {
                await(startOnWorkers(readByLlvm(members, round, results), workersFor(round.size())));
            }
        }
        return null;
    }

    /** LLVM reads every member it has not read. */
    private void readAll(List<MemberResult.Loaded> members, LoadedObject[] results) {
        List<LlvmReadPolicy.Read> rest = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            MemberResult.Loaded m = members.get(i);
            if (m != null && results[i] == null && m.llvmRefused() == null && !m.readBy().byLlvm()) {
                rest.add(new LlvmReadPolicy.Read(i, FlagsReadBy.LLVM_ALL));
            }
        }
        if (!rest.isEmpty()) {
            await(startOnWorkers(readByLlvm(members, rest, results), workersFor(rest.size())));
        }
    }

    private int workersFor(int reads) {
        return Math.max(1, Math.min(threads, reads));
    }

    private Runnable readByLlvm(List<MemberResult.Loaded> members, List<LlvmReadPolicy.Read> reads,
                                LoadedObject[] results) {
        AtomicInteger next = new AtomicInteger();
        return () -> {
            try (LazyReader loader = new LazyReader(readers)) {
                for (int k = next.getAndIncrement(); k < reads.size(); k = next.getAndIncrement()) {
                    LlvmReadPolicy.Read r = reads.get(k);
                    MemberResult.Loaded m = members.get(r.index());
                    MemberLoader.LlvmRead read = MemberLoader.readByLlvm(m, r.why(), loader);
                    if (read.loaded() instanceof LoadedObject.BitcodeModule b && read.repeatable() && !m.fromCache()
                            && m.probe() != null && LlvmReadPolicy.agree(m, b.facts())) {
                        m.probe().store(MemberLoader.cached(m, b));
                    }
                    results[r.index()] = read.loaded();
                }
            }
        };
    }

    /** A member LLVM does not read: ltocheck's facts (or the cache's), kept by the cache. */
    private static LoadedObject withoutLlvm(MemberResult.Loaded m) {
        LoadedObject.BitcodeModule b = MemberLoader.withoutLlvm(m);
        if (!m.fromCache() && m.probe() != null) {
            m.probe().store(MemberLoader.cached(m, b));
        }
        return b;
    }

    private static LoadedObject finalResult(MemberResult r) {
        if (r instanceof MemberResult.Native n) {
            return new LoadedObject.NativeObject(n.input(), n.format());
        }
        if (r instanceof MemberResult.Skipped s) {
            return new LoadedObject.Unreadable(s.input(), s.reason());
        }
        throw new IllegalStateException("a worker left an object unprocessed");
    }

    private ModuleSet assemble(Inputs inputs, LoadedObject[] results, String disagreement,
                               List<MemberResult.Loaded> members) {
        List<LoadedObject.BitcodeModule> bitcode = new ArrayList<>();
        List<LoadedObject.NativeObject> natives = new ArrayList<>();
        List<InputProblem> warnings = new ArrayList<>();
        if (disagreement != null) {
            warnings.add(new InputProblem(disagreement, LlvmCoverage.DISAGREEMENT));
        }
        for (LoadedObject result : results) {
            if (result instanceof LoadedObject.BitcodeModule m) {
                bitcode.add(m);
                m.summary().warning().ifPresent(w -> warnings.add(new InputProblem(m.id().lldName(), w)));
            } else if (result instanceof LoadedObject.NativeObject n) {
                natives.add(n);
            } else if (!(result instanceof LoadedObject.Unreadable)) {
                throw new IllegalStateException("a worker left an object unprocessed");
            }
        }
        // What ltocheck's readers (or the cache) made of each member LLVM has not read: a finding may name it.
        Map<InputObject, MemberResult.Loaded> byInput = new IdentityHashMap<>();
        for (int i = 0; i < results.length; i++) {
            if (members.get(i) != null && results[i] instanceof LoadedObject.BitcodeModule m && !m.readBy().byLlvm()) {
                byInput.put(m.input(), members.get(i));
            }
        }
        LlvmCoverage coverage = new LlvmCoverage(policy.mode() == LlvmReads.ALL, disagreement,
                (modules, why) -> readForFindings(byInput, modules, why), current -> problems(inputs, results, current));
        return new ModuleSet(List.copyOf(bitcode), List.copyOf(natives), problems(inputs, results, bitcode),
                List.copyOf(warnings), coverage);
    }

    /**
     * The inputs' problems, then one line per object in link order that could not be read or that
     * LLVM refused, given the bitcode modules as they stand ({@code bitcode}, in link order).
     */
    private static List<InputProblem> problems(Inputs inputs, LoadedObject[] results,
                                               List<LoadedObject.BitcodeModule> bitcode) {
        List<InputProblem> problems = new ArrayList<>(inputs.problems());
        int k = 0;
        for (LoadedObject result : results) {
            if (result instanceof LoadedObject.BitcodeModule) {
                LoadedObject.BitcodeModule m = bitcode.get(k++);
                if (m.llvmRefused() != null) {
                    problems.add(new InputProblem(m.id().lldName(), m.llvmRefused()));
                }
            } else if (result instanceof LoadedObject.Unreadable u) {
                problems.add(new InputProblem(u.id().lldName(), u.reason()));
            }
        }
        return List.copyOf(problems);
    }

    /**
     * LLVM reads the modules a finding names, on threads of their own with LLVM's stack (the load's
     * pool may be gone: a caller's temporary one), as many as the load had, each with its own
     * reader. A module the cache has as LLVM read and agreed with when an earlier run's finding
     * named it is not read again (a module with debug information is: whether LLVM reads it
     * depends on the reader); one LLVM reads now and agrees with is recorded so in the cache, on
     * the same conditions as the load's reads.
     *
     * @param loaded what ltocheck's readers or the cache made of each module LLVM did not read while loading
     */
    private LlvmCoverage.Reading readForFindings(Map<InputObject, MemberResult.Loaded> loaded,
                                                 List<LoadedObject.BitcodeModule> modules, FlagsReadBy why) {
        LoadedObject.BitcodeModule[] read = new LoadedObject.BitcodeModule[modules.size()];
        List<Integer> toRead = new ArrayList<>();
        for (int k = 0; k < read.length; k++) {
            LoadedObject.BitcodeModule m = modules.get(k);
            MemberResult.Loaded member = loaded.get(m.input());
            if (why == FlagsReadBy.LLVM_FINDING && member != null && member.llvmAgreedInFinding()
                    && Boolean.FALSE.equals(member.debugInfo()) && m.facts().equals(member.facts())) {
                read[k] = new LoadedObject.BitcodeModule(m.input(), m.facts(), m.summary(), null, why);
            } else {
                toRead.add(k);
            }
        }
        if (!toRead.isEmpty()) {
            AtomicInteger next = new AtomicInteger();
            Runnable reading = () -> {
                try (LazyReader loader = new LazyReader(readers)) {
                    for (int i = next.getAndIncrement(); i < toRead.size(); i = next.getAndIncrement()) {
                        int k = toRead.get(i);
                        read[k] = readForFinding(modules.get(k), loaded.get(modules.get(k).input()), why, loader);
                    }
                }
            };
            int workers = workersFor(toRead.size());
            try (Workers own = new Workers(workers, dev.ltocheck.llvm.LlvmThreads.factory("ltocheck-findings"))) {
                await(own.start(workers, reading));
            }
        }
        return new LlvmCoverage.Reading(Arrays.asList(read), read.length - toRead.size());
    }

    private static LoadedObject.BitcodeModule readForFinding(LoadedObject.BitcodeModule m, MemberResult.Loaded loaded,
                                                             FlagsReadBy why, ModuleReader loader) {
        MemberResult.Loaded member = loaded != null ? loaded : new MemberResult.Loaded(m.input(), null, m.summary(),
                m.facts(), m.readBy(), null, null, null, null, null);
        MemberLoader.LlvmRead r = MemberLoader.readByLlvm(member, why, loader);
        if (r.loaded() instanceof LoadedObject.BitcodeModule b) {
            if (why == FlagsReadBy.LLVM_FINDING && b.readBy() == why && b.llvmRefused() == null && r.repeatable()
                    && member.probe() != null && m.facts() != null && m.facts().equals(member.facts())
                    && m.facts().equals(b.facts())) { // compared, not agree(): that passes what it does not compare
                member.probe().agreedInFinding();
            }
            return b;
        }
        // LLVM refused a module ltocheck read: it stays read by ltocheck only, and findings say so.
        return new LoadedObject.BitcodeModule(m.input(), m.facts(), m.summary(),
                ((LoadedObject.Unreadable) r.loaded()).reason(), FlagsReadBy.LTOCHECK);
    }

    /** A worker's module reader, made when the first member LLVM reads on it needs it. */
    private static final class LazyReader implements ModuleReader {
        private final Supplier<ModuleReader> factory;
        private ModuleReader reader;

        LazyReader(Supplier<ModuleReader> factory) {
            this.factory = factory;
        }

        @Override
        public ModuleFacts load(ByteBuffer bitcode, String name) throws BitcodeLoadException {
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

    private void runOnWorkers(Runnable work, int workers) {
        pool.runCopies(workers, work);
    }

    /** {@code workers} copies of {@code work} on the run's pool; the future completes when all have returned. */
    private CompletableFuture<Void> startOnWorkers(Runnable work, int workers) {
        return pool.start(workers, work);
    }

    private static void await(CompletableFuture<?> workers) {
        // Workers.await: an interrupt waits for LLVM's workers, which own contexts, before going on.
        Workers.await(workers);
    }
}
