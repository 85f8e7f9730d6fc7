package dev.ltocheck.session;

import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.cache.ThinLinkMemo;
import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.imports.ThinLinker;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.RegularFile;
import dev.ltocheck.kbuild.CmdFile;
import dev.ltocheck.kbuild.FixPlan;
import dev.ltocheck.kbuild.FixPlanner;
import dev.ltocheck.kbuild.FixScope;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.kbuild.ScopePlan;
import dev.ltocheck.kbuild.ScopePlanner;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.FlagMerger;
import dev.ltocheck.llvm.FlagMerging;
import dev.ltocheck.llvm.IsolatedFlagMerger;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.llvm.LlvmThreads;
import dev.ltocheck.llvm.UserLinker;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.parallel.Workers;
import dev.ltocheck.report.CheckReport;
import dev.ltocheck.report.ProfileMismatch;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One analysis of one link, the library façade every command, test and benchmark uses: it owns
 * the run's one pool ({@link Workers}, sized by -j), the member cache and the thin-link memo, which
 * LLVM reads the members and merges flags (in this process, or isolated), and the writes for later
 * runs left going in the background, which {@link #close} awaits.
 *
 * <p>Diagnostics (a member that cannot be read, --verbose timings) go to {@code err}, one line
 * each, prefixed "ltocheck: ".
 */
public final class LinkSession implements AutoCloseable {
    private final LinkRequest request;
    private final PrintWriter err;
    private final boolean verbose;
    private final Workers workers;
    private final PendingWrites writes;
    private final InputReader reader;
    private MemberCache cache = MemberCache.disabled();

    private LinkSession(LinkRequest request, PrintWriter err, boolean verbose) {
        this.request = request;
        this.err = err;
        this.verbose = verbose;
        // LLVM reads on the pool's threads: they get the stack LLVM's metadata resolution needs.
        this.workers = new Workers(request.threads(), LlvmThreads.factory("ltocheck-worker"));
        this.writes = new PendingWrites(workers);
        this.reader = new InputReader(request, err, verbose, workers, writes);
    }

    public static LinkSession open(LinkRequest request, PrintWriter err, boolean verbose) {
        return new LinkSession(request, err, verbose);
    }

    public LinkRequest request() {
        return request;
    }

    /** The run's one pool. */
    public Workers workers() {
        return workers;
    }

    /** Every input read, without a thin link (what 'flags' shows). */
    public LinkInputs readInputs() {
        InputReader.Read<Object> read = reader.read(line -> first -> null);
        cache = read.cache();
        return read.inputs();
    }

    /**
     * The link read, and lld's thin link of it. The thin link needs the summaries only, which
     * ltocheck's own first pass reads: it runs while LLVM reads the members' flags, unless LLVM has
     * nothing to read (every member from the cache: then the memo may know the outcome) or the
     * link's options depend on native objects' symbols (executable links).
     */
    public LoadedLink load() {
        LinkModel model = request.model();
        InputReader.Read<Early> read = reader.read(line -> first -> {
            Optional<LinkOptions> options = model.linkOptionsWithoutNatives(line);
            if (first.fromCache() || options.isEmpty()) {
                return null;
            }
            long started = System.nanoTime();
            ModuleSet.decodeSummaries(first.offered(), workers);
            ImportResult imports = ThinLink.run(first.offered(), options.get(), model.importOptions(line), workers);
            return new Early(first.offered(), imports, System.nanoTime() - started);
        });
        LinkInputs inputs = read.inputs();
        cache = read.cache();
        ImportOptions options = model.importOptions(inputs.line());
        LinkOptions linkOptions = model.linkOptions(inputs.line(), inputs.modules()::nativeReferences);
        long started = System.nanoTime();
        List<ThinModule> offered = inputs.modules().thinModules();
        Early early = read.early();
        boolean earlyHolds = early != null && sameModules(early.offered(), offered);
        Optional<ThinLinkMemo> memo = ThinLinkMemo.of(cache, inputs.workingDir(), offered,
                contentHashes(inputs.modules()), linkOptions, options);
        Optional<ImportResult> remembered = earlyHolds ? Optional.empty() : memo.flatMap(m -> m.find(offered));
        ImportResult imports;
        ThinLinkOrigin origin;
        if (earlyHolds) {
            imports = early.imports();
            origin = new ThinLinkOrigin.ComputedEarly(early.nanos());
        } else if (remembered.isPresent()) {
            imports = remembered.get();
            origin = new ThinLinkOrigin.Recalled(System.nanoTime() - started);
        } else {
            ModuleSet.decodeSummaries(offered, workers);
            imports = ThinLink.run(offered, linkOptions, options, workers);
            origin = new ThinLinkOrigin.Recomputed(System.nanoTime() - started, early != null);
        }
        if (verbose) {
            err.printf("ltocheck: thin link of %d modules %s%n", imports.modules().size(), origin.describe());
        }
        if (memo.isPresent() && remembered.isEmpty()) {
            // The outcome refers to the modules it was computed on: the early ones, or the final ones.
            List<ThinModule> computedOn = earlyHolds ? early.offered() : offered;
            ImportResult outcome = imports;
            writes.start("thin-link memo", () -> memo.get().store(outcome, computedOn));
        }
        return new LoadedLink(inputs, options, linkOptions, imports, origin);
    }

    /**
     * The flag merges of {@code imports} as {@code lld} merges them, in the process or isolated as
     * asked; each crashed merge, and each value ltocheck cannot model, one line on stderr.
     */
    public CheckResult check(LoadedLink link, ImportResult imports, LldVersion lld) throws BitcodeLoadException {
        CheckResult result = LinkCheck.run(imports, link.modules().flagsByModule(), flagMergers(), lld);
        // LLVM reads every module a finding names before it is printed; if it disagrees with
        // ltocheck's reader, it has read every member, and the findings are made again from its facts.
        List<dev.ltocheck.input.InputProblem> before = link.modules().problems();
        long confirming = System.nanoTime();
        java.util.Optional<String> disagreed = link.modules().confirmByLlvm(result.modulesNamed());
        if (verbose) {
            dev.ltocheck.modules.LlvmCoverage.FindingReads reads = link.modules().findingReads();
            err.printf("ltocheck: modules named in findings: LLVM read %d in %d ms; %d as an earlier run's LLVM read"
                    + " them (member cache)%n", reads.read(), (System.nanoTime() - confirming) / 1_000_000,
                    reads.recalled());
        }
        if (cache.unsaved()) {
            // What LLVM read for the findings, for the next run: a journal beside the one written after loading.
            reader.saveInBackground(cache, "again %d ms after LLVM read the modules findings named");
        }
        // A module LLVM refused only now is a problem as it would have been had LLVM read it while
        // loading: one line here, among the report's problems, and in the exit status.
        link.modules().problems().stream().filter(p -> !before.contains(p))
                .forEach(p -> err.println("ltocheck: " + p.line()));
        if (disagreed.isPresent()) {
            err.println("ltocheck: warning: " + disagreed.get());
            result = LinkCheck.run(imports, link.modules().flagsByModule(), flagMergers(), lld);
        }
        result.crashedMerges().forEach(line -> err.println("ltocheck: " + line));
        // A value ltocheck cannot model makes the run incomplete (exit 3): one line per module, as
        // for any input it could not read.
        result.unmodelled().forEach(b -> err.println("ltocheck: " + b.module() + ": " + b.problems().get(0).line()
                + "; ltocheck cannot model its merge (ld.lld " + LldVersion.BUNDLED + " links it)"));
        err.flush();
        return result;
    }

    /**
     * The fix plan for {@code check}: its after-check merges where this run merges (isolated with
     * --isolate) and as {@code lld} merges, so fix, check and explain verify one model.
     */
    public FixPlan plan(LoadedLink link, CheckResult check, KbuildTree tree, boolean robust, LldVersion lld)
            throws IOException, BitcodeLoadException {
        return FixPlanner.plan(link.modules(), check, tree, robust, link.linkOptions(), link.importOptions(),
                flagMergers(), lld, rememberingThinLinker(link));
    }

    /**
     * Thin links of other sets of this link's modules (the link after a fix): recalled from the
     * memo when an earlier run computed the same (every module's bytes known by their hash, the
     * same options), else computed on the pool and kept for the next run. A failing kernel's warm
     * check spent most of its time computing the link without head64.o again.
     */
    private ThinLinker rememberingThinLinker(LoadedLink link) {
        Map<String, byte[]> hashes = new HashMap<>();
        link.modules().bitcode().forEach(m -> hashes.put(m.id().lldName(), cache.contentHash(m.input())));
        Path workingDir = link.inputs().workingDir();
        List<ThinModule> whole = link.modules().thinModules();
        return (offered, linkOptions, options) -> {
            List<byte[]> contentHashes = offered.stream().map(m -> hashes.get(m.name())).toList();
            // One file per link for the link its fix leaves: the last fix checked is what the next run asks for.
            Optional<ThinLinkMemo> memo = ThinLinkMemo.of(cache, workingDir, offered, contentHashes, linkOptions, options,
                    whole, "fix");
            Optional<ImportResult> remembered = memo.flatMap(m -> m.find(offered));
            if (verbose) {
                err.printf("ltocheck: thin link of %d modules (a fix's link) %s%n", offered.size(),
                        remembered.isPresent() ? "recalled (same modules and options)" : "computed");
            }
            if (remembered.isPresent()) {
                return remembered.get();
            }
            ImportResult computed = ThinLink.run(offered, linkOptions, options, workers);
            memo.ifPresent(m -> writes.start("thin-link memo", () -> m.store(computed, offered)));
            return computed;
        };
    }

    /**
     * fix's answer: the rebuild when every failing pair differs only in its profile, else the fix at
     * {@code scope} when it is not per object, else the per-object {@code plan}.
     */
    public FixAnswer fix(LoadedLink link, CheckResult check, FixPlan plan, KbuildTree tree,
                         FixScope scope, LldVersion lld) throws IOException, BitcodeLoadException {
        CheckReport report = CheckReport.of(link.modules(), check, link.line().origin());
        Optional<ProfileMismatch> profile = ProfileMismatch.whenRebuildIsTheFix(report);
        if (profile.isPresent()) {
            CheckResult after = profile.get().afterRebuild(report, link.modules().flagsByModule(), lld);
            List<String> notes = scope == FixScope.object ? List.of() : List.of("--scope " + scope
                    + ": not used: the modules differ only in the profile they were built from, and the fix is to rebuild them");
            return new FixAnswer.Rebuild(profile.get(), after, plan, notes);
        }
        if (scope == FixScope.object || plan.objects().isEmpty()) {
            return new FixAnswer.PerObject(plan, null);
        }
        ScopePlan scoped = scopePlan(link, check, plan, tree, scope, lld);
        return scoped.chosen().scope() == FixScope.object
                ? new FixAnswer.PerObject(plan, scoped) : new FixAnswer.Scoped(scoped, plan);
    }

    /** The fix at the scope asked for, beside the per-object {@code plan}, verified in the same model. */
    public ScopePlan scopePlan(LoadedLink link, CheckResult check, FixPlan plan, KbuildTree tree,
                                                   FixScope scope, LldVersion lld)
            throws IOException, BitcodeLoadException {
        return ScopePlanner.plan(link.modules(), check, plan, tree, link.linkOptions(),
                link.importOptions(), flagMergers(), lld, scope, workers);
    }

    /**
     * Every call and function address leaving code confined to {@code confine}, and the kbuild
     * lines of {@code tree} (null: none) that stop them.
     */
    public SectionsAnswer sections(LoadedLink link, List<String> confine, KbuildTree tree)
            throws IOException, BitcodeLoadException {
        return SectionsAnswer.of(link, confine, tree);
    }

    /**
     * The user's ld.lld: --lld-version, the tree's CONFIG_LLD_VERSION, its linker's --version, or
     * 20.1.7 (its notes say how it was found, for where that matters).
     */
    public UserLinker.Found lld(LinkInputs inputs) {
        Path objtree = inputs.workingDir().toAbsolutePath();
        Optional<Path> cmd = request.linkCmd().or(() -> Optional.of(objtree.resolve(".vmlinux.o.cmd"))
                .filter(Files::isRegularFile));
        List<String> notes = new ArrayList<>();
        UserLinker.Found found = UserLinker.find(request.model().lldVersion(), objtree,
                autoConf(objtree.resolve("include/config/auto.conf")), cmd.flatMap(CmdFile::linkerProgram), System.getenv(),
                notes);
        if (found.version().major() < LldVersion.OLDEST_SUPPORTED) {
            // How it is modelled is the report's statement (LldOutput): said once, there.
            err.println("ltocheck: ld.lld " + found.version() + " is older than Linux supports for Clang LTO ("
                    + LldVersion.OLDEST_SUPPORTED + ")");
        }
        return found;
    }

    /**
     * The tree's auto.conf as a tree's text is read (a regular file, bounded); empty when absent or
     * unreadable, which is said: the lld it names would be taken from elsewhere. Decoded leniently:
     * a Kconfig string (CONFIG_CMDLINE) may hold any byte, and the key read is ASCII.
     */
    private Optional<String> autoConf(Path file) {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(RegularFile.readBytes(file), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("ltocheck: warning: " + file + " not read (" + e.getMessage()
                    + "): CONFIG_LLD_VERSION not taken from it");
            return Optional.empty();
        }
    }

    /** Where LLVM merges module flags: in this process, or in an isolated worker (--isolate). */
    private Supplier<FlagMerging> flagMergers() {
        return request.isolate() ? IsolatedFlagMerger::new : FlagMerger::new;
    }

    /** A thin link computed from the first pass's modules, while LLVM read them. */
    private record Early(List<ThinModule> offered, ImportResult imports, long nanos) {
    }

    /** Each bitcode module's content hash, in {@link ModuleSet#thinModules()} order (null where unknown). */
    private List<byte[]> contentHashes(ModuleSet modules) {
        List<byte[]> hashes = new ArrayList<>(modules.bitcode().size());
        modules.bitcode().forEach(m -> hashes.add(cache.contentHash(m.input())));
        return hashes;
    }

    /** The same modules, in the same order, with the very summaries (the second pass keeps the first's). */
    private static boolean sameModules(List<ThinModule> early, List<ThinModule> last) {
        if (early.size() != last.size()) {
            return false;
        }
        for (int i = 0; i < early.size(); i++) {
            ThinModule a = early.get(i);
            ThinModule b = last.get(i);
            if (!a.name().equals(b.name()) || a.lazy() != b.lazy() || a.summary() != b.summary()) {
                return false;
            }
        }
        return true;
    }

    /** Awaits the writes for later runs, prints their lines, and lets the pool's threads end. */
    @Override
    public void close() {
        try {
            writes.await(err);
        } finally {
            workers.close();
        }
    }
}
