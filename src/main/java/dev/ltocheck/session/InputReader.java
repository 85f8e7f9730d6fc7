package dev.ltocheck.session;

import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.input.LinkLine;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.llvm.IsolatedModuleReader;
import dev.ltocheck.llvm.ModuleReader;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.parallel.Workers;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads a request's link: its line, its objects in link order, every member (from the member
 * cache where it can), each unreadable input one line on {@code err}; the cache is written for
 * later runs beside the rest of the run.
 */
final class InputReader {
    private final LinkRequest request;
    private final PrintWriter err;
    private final boolean verbose;
    private final Workers workers;
    private final PendingWrites writes;

    InputReader(LinkRequest request, PrintWriter err, boolean verbose, Workers workers, PendingWrites writes) {
        this.request = request;
        this.err = err;
        this.verbose = verbose;
        this.workers = workers;
        this.writes = writes;
    }

    /**
     * The inputs, what ran beside LLVM's reading of them, and the member cache they came from.
     */
    record Read<R>(LinkInputs inputs, R early, MemberCache cache) {
    }

    private Supplier<ModuleReader> moduleReaders() {
        return request.isolate() ? IsolatedModuleReader::new : BitcodeLoader::new;
    }

    /**
     * Reads every input; each unreadable one is one line on {@code err}. Once ltocheck's own
     * readers have read every member, {@code whileLlvmReads} runs on this thread while LLVM reads
     * them (see {@link ModuleSetLoader#loadWhile}).
     *
     * @throws NoLinkException when nothing at all could be read, or no bitcode
     */
    <R> Read<R> read(Function<LinkLine, Function<ModuleSetLoader.Early, R>> whileLlvmReads) {
        LinkLineFinder.Found found = new LinkLineFinder(request, note -> {
            err.println("ltocheck: " + note);
            err.flush();
        }).find();
        long started = System.nanoTime();
        // Made before any file is looked at: the cache records when the run began.
        LinkRequest.Cache choice = request.cache();
        MemberCache cache = !choice.use() ? MemberCache.disabled()
                : choice.directory() != null ? MemberCache.in(choice.directory())
                : MemberCache.defaultDirectory().map(MemberCache::in).orElseGet(MemberCache::disabled);
        // The archives' cache files are read while their members are listed.
        Path folder = found.workingDir();
        Stream.concat(found.line().eager().stream(), found.lazy().stream()).filter(a -> a.endsWith(".a"))
                .forEach(archive -> cache.prefetch(folder.resolve(archive), workers));
        Inputs collected = InputCollector.collect(found.workingDir(), found.line().eager(), found.lazy());
        long collectedAt = System.nanoTime();
        ModuleSetLoader.Loaded<R> loaded = ModuleSetLoader.loadWhile(collected, workers, moduleReaders(), cache,
                request.llvmReads(), whileLlvmReads.apply(found.line()));
        ModuleSet modules = loaded.modules();
        long loadedAt = System.nanoTime();
        if (verbose) {
            MemberCache.Counts counts = cache.counts();
            err.printf("ltocheck: %d objects listed in %d ms; read in %d ms (%d threads): %d members from the cache"
                            + " by stamp, %d by hash, %d read%n",
                    collected.objects().size(), millis(started, collectedAt), millis(collectedAt, loadedAt),
                    workers.threads(), counts.trusted(), counts.verified(), counts.read());
        }
        saveInBackground(cache, "done %d ms after the members were read");
        cache.refusals().forEach(r -> err.println("ltocheck: warning: " + r));
        modules.problems().forEach(p -> err.println("ltocheck: " + p.line()));
        modules.warnings().forEach(w -> err.println("ltocheck: warning: " + w.line()));
        if (modules.nothingReadable()) {
            throw new NoLinkException("no input could be read");
        }
        if (modules.bitcode().isEmpty()) {
            // Nothing for LTO to link: a verdict of "passes" would be about a link that does not happen.
            throw new NoLinkException("no LLVM bitcode among " + Plural.count(modules.natives().size(), "object")
                    + ": was the tree built with CONFIG_LTO_CLANG?");
        }
        return new Read<>(new LinkInputs(modules, found.line(), found.workingDir()), loaded.meanwhile(), cache);
    }

    /**
     * Writes the cache beside the rest of the run (the thin link, when it is computed after
     * loading; the reports): the cache file is tens of megabytes for a kernel. Called again once
     * LLVM has read the modules findings name: then a journal of those is written.
     *
     * @param done what --verbose says of the write, given the milliseconds since this call
     */
    void saveInBackground(MemberCache cache, String done) {
        if (!cache.enabled()) {
            return;
        }
        MemberCache saving = cache;
        long started = System.nanoTime();
        writes.start("member cache", () -> {
            MemberCache.Saved saved = saving.save();
            List<String> lines = new ArrayList<>();
            saved.problems().forEach(p -> lines.add("warning: " + p));
            if (verbose && saved.files() > 0) {
                lines.add(String.format("member cache: %d file(s) written, " + done,
                        saved.files(), millis(started, System.nanoTime())));
            }
            return lines;
        });
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
