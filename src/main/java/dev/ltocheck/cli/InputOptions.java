package dev.ltocheck.cli;

import dev.ltocheck.report.Plural;

import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.input.LinkLine;
import dev.ltocheck.input.RegularFile;
import dev.ltocheck.kbuild.CmdFile;
import dev.ltocheck.kbuild.KernelLink;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Where the link's inputs come from, for every analysing command: explicit inputs, a saved link
 * command, ld.lld's own arguments after {@code --}, or, with none of these, the kernel object
 * tree in the current folder.
 */
final class InputOptions {
    @Parameters(paramLabel = "INPUT", arity = "0..*",
            description = "Archives (vmlinux.a, thin or regular), .o/.bc files, directories (every *.o below),"
                    + " or @FILE with a list of these. None: read the link of vmlinux.o in the current kernel"
                    + " object tree (.vmlinux.o.cmd, else 'make -n vmlinux_o' with consent: see --no-make, else"
                    + " include/config/auto.conf)."
                    + " After --: ld.lld's own arguments.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--lib", paramLabel = "ARCHIVE",
            description = "An archive linked lazily after the inputs, as kbuild's --start-group lib/lib.a --end-group:"
                    + " a member joins the link only if it defines a symbol still undefined. Repeatable.")
    List<String> libraries = new ArrayList<>();

    @Option(names = "--link-cmd", paramLabel = "FILE",
            description = "Take inputs and options from a saved ld.lld command: a kbuild .cmd file"
                    + " (savedcmd_... := ld.lld ...) or a file holding the command line.")
    Path linkCmd;

    @Option(names = "--isolate", description = "Let LLVM read each member and merge module flags in a child JVM"
            + " with a memory cap, so that a crash inside libLLVM on a damaged member costs only that member (or that"
            + " merge) (slower: see the README). Never runs make.")
    boolean isolate;

    @Option(names = "--no-make", description = "Never run make. With no inputs, in an object tree without"
            + " .vmlinux.o.cmd, ltocheck asks 'make -s -n vmlinux_o' for the link (which runs the tree's Makefiles:"
            + " $(shell ...) and + recipes execute), saying so on stderr first, and only in a tree owned by you and"
            + " writable by no one else; with --no-make (or LTOCHECK_NO_MAKE=1, or --isolate) or in any other tree,"
            + " the link is rebuilt from include/config/auto.conf and the lib.a archives.")
    boolean noMake;

    @Option(names = "--allow-incomplete",
            description = "Exit as if every input had been read, when some could not be (the default is exit 3).")
    boolean allowIncomplete;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Threads of each parallel step: ltocheck's pass over the members, LLVM's, decoding"
                    + " cached summaries, import decisions (default: the number of cores; the thin link runs"
                    + " beside LLVM's pass). The output does not depend on it.")
    Integer jobs;

    /** Which members LLVM reads itself. */
    enum LlvmReadsChoice { needed, all }

    @Option(names = "--llvm-reads", paramLabel = "WHICH",
            description = "Which members LLVM's own reader reads: 'needed' (default: one per distinct flag set,"
                    + " every member ltocheck's reader finds unusual, every module a finding names; the rest"
                    + " are read by ltocheck's reader) or 'all' (slower; the report is the same).")
    LlvmReadsChoice llvmReads = LlvmReadsChoice.needed;

    @Option(names = "--no-cache", description = "Read every member, and leave the member cache alone.")
    boolean noCache;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where the member cache lives (default: $XDG_CACHE_HOME/ltocheck, else ~/.cache/ltocheck)."
                    + " Members unchanged since an earlier run are not read again.")
    Path cacheDir;

    /**
     * Whether named inputs in a kernel tree take the tree's link options: for the commands that
     * model the link, not for 'flags', which describes exactly the inputs it is given.
     */
    boolean treeLinkOptions = true;

    /** The origin of a link made of the inputs the user named. */
    static final String COMMAND_LINE = "the command line";

    /**
     * Inputs named in a kernel object tree (the current folder, or the one folder named) are
     * linked as that tree links vmlinux.o: its options join wherever the user gave none of their
     * own, so that {@code ltocheck vmlinux.a} models kbuild's {@code -mllvm -import-instr-limit=5}
     * and {@code lib/lib.a}. Its libraries join only when no input is a folder (whose every
     * object is read already) and the tree is the current folder (whose names they are).
     */
    private LinkLine withTreeOptions(LinkLine named, PrintWriter err) throws IOException {
        if (!treeLinkOptions) {
            return named;
        }
        Path here = Path.of("").toAbsolutePath();
        Path tree = KernelLink.isObjectTree(here) ? here
                : inputs.size() == 1 && Files.isDirectory(Path.of(inputs.get(0)))
                && KernelLink.isObjectTree(Path.of(inputs.get(0))) ? Path.of(inputs.get(0)) : null;
        if (tree == null) {
            return named;
        }
        Optional<LinkLine> treeLine = KernelLink.find(tree, makeRefusal(), note -> {
            err.println("ltocheck: " + note);
            err.flush();
        });
        if (treeLine.isEmpty()) {
            return named;
        }
        boolean folders = inputs.stream().anyMatch(i -> Files.isDirectory(Path.of(i)));
        String name = tree.equals(here) ? treeLine.get().origin() : tree.resolve(treeLine.get().origin()).toString();
        return named.withOptionsOf(treeLine.get(), !folders && tree.equals(here), name);
    }

    /**
     * Modules of the link plus the link's own options.
     *
     * @param workingDir what the link's relative names are relative to
     * @param cache      what remembers the members (and so the thin link's outcome)
     */
    record Link(ModuleSet modules, LinkLine line, Path workingDir, MemberCache cache) {

        /** Each bitcode module's content hash, in {@link ModuleSet#thinModules()} order (null where unknown). */
        List<byte[]> contentHashes() {
            List<byte[]> hashes = new ArrayList<>(modules.bitcode().size());
            modules.bitcode().forEach(m -> hashes.add(cache.contentHash(m.input())));
            return hashes;
        }
    }

    /**
     * Writes the cache beside the rest of the run (the thin link, when it is computed after
     * loading; the reports): the cache file is tens of megabytes for a kernel.
     */
    private static void saveInBackground(MemberCache cache, CommandSpec spec) {
        if (!cache.enabled()) {
            return;
        }
        boolean verbose = verbose(spec);
        long started = System.nanoTime();
        inBackground(spec, "member cache", () -> {
            MemberCache.Saved saved = cache.save();
            List<String> lines = new ArrayList<>();
            saved.problems().forEach(p -> lines.add("warning: " + p));
            if (verbose && saved.files() > 0) {
                lines.add(String.format("member cache: %d file(s) written, done %d ms after the members were read",
                        saved.files(), millis(started, System.nanoTime())));
            }
            return lines;
        });
    }

    /** Work that writes something for later runs, and prints only what it returns. */
    interface BackgroundWrite {
        /** @return lines for stderr (without the "ltocheck: " prefix) */
        List<String> run() throws IOException;
    }

    /**
     * Runs {@code work} beside the rest of the command; the run awaits it after the report and
     * prints its lines then, so that they neither interleave with the report nor get lost. What it
     * writes is for later runs: its failure is a warning, never the run's result.
     */
    static void inBackground(CommandSpec spec, String what, BackgroundWrite work) {
        PrintWriter err = spec.commandLine().getErr();
        CompletableFuture<List<String>> done = CompletableFuture.supplyAsync(() -> {
            try {
                return work.run();
            } catch (IOException | RuntimeException e) {
                return List.of("warning: the " + what + " was not written: " + Problems.describe(e));
            }
        }, runnable -> new Thread(runnable, "ltocheck-" + what.replace(' ', '-')).start());
        Runnable print = () -> done.join().forEach(line -> err.println("ltocheck: " + line));
        if (spec.root().userObject() instanceof LtocheckCommand root) {
            root.finishLater(print);
        } else {
            print.run();
        }
    }

    /** Why make must not run, when the user said so (--no-make, LTOCHECK_NO_MAKE=1, --isolate). */
    Optional<String> makeRefusal() {
        if (noMake) {
            return Optional.of("--no-make");
        }
        String env = System.getenv("LTOCHECK_NO_MAKE");
        if (env != null && !env.isEmpty() && !env.equals("0")) {
            return Optional.of("LTOCHECK_NO_MAKE=" + env);
        }
        return isolate ? Optional.of("--isolate never runs make") : Optional.empty();
    }

    /** Threads of each parallel step (see -j): -j, else one per core. */
    int threads() {
        return Math.max(1, jobs != null ? jobs : Runtime.getRuntime().availableProcessors());
    }

    static boolean verbose(CommandSpec spec) {
        return spec.root().userObject() instanceof LtocheckCommand root && root.verbose;
    }

    static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /**
     * The exit code for a run whose own verdict is {@code code}: a definite failure stays 1; a run
     * that read only part of the link exits 3, unless --allow-incomplete.
     */
    int exitCode(ModuleSet modules, int code) {
        if (code != ExitCode.OK || modules.problems().isEmpty() || allowIncomplete) {
            return code;
        }
        return ExitCode.INCOMPLETE;
    }

    /** As {@link #exitCode(ModuleSet, int)}; a merge that crashed libLLVM (--isolate) leaves the run incomplete too. */
    int exitCode(ModuleSet modules, dev.ltocheck.check.CheckResult result, int code) {
        if (code == ExitCode.OK && !result.crashedMerges().isEmpty() && !allowIncomplete) {
            return ExitCode.INCOMPLETE;
        }
        return exitCode(modules, code);
    }

    /** Where LLVM merges module flags: in this process, or in an isolated worker (--isolate). */
    java.util.function.Supplier<dev.ltocheck.llvm.FlagMerging> flagMergers() {
        return isolate ? dev.ltocheck.llvm.IsolatedFlagMerger::new : dev.ltocheck.llvm.FlagMerger::new;
    }

    /**
     * Reads every input; each unreadable one is one line on {@code err}. Ends the command with
     * exit code 2 when nothing at all could be read.
     */
    Link load(CommandSpec spec) {
        return loadWhile(spec, (line, early) -> null).link();
    }

    /** A link, and what ran beside LLVM's reading of its members. */
    record Overlapped<R>(Link link, R meanwhile) {
    }

    /**
     * As {@link #load}, running {@code whileLlvmReads} on this thread once ltocheck's own readers
     * have read every member, while LLVM reads them (see {@link ModuleSetLoader#loadWhile}).
     */
    <R> Overlapped<R> loadWhile(CommandSpec spec, BiFunction<LinkLine, ModuleSetLoader.Early, R> whileLlvmReads) {
        if (jobs != null && jobs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "-j " + jobs + ": the number of threads must be 1 or more");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dashes = original.indexOf("--");
        Path workingDir = Path.of("");
        LinkLine line;
        try {
            if (linkCmd != null) {
                String text = RegularFile.readText(linkCmd).strip();
                if (CmdFile.isSaved(text)) {
                    workingDir = linkCmd.toAbsolutePath().getParent();
                }
                List<String> command = CmdFile.linkerCommand(text).orElseThrow(() -> new ExitException(
                        ExitCode.USAGE_OR_UNREADABLE, "--link-cmd " + linkCmd + ": no ld.lld command in it (give"
                        + " .vmlinux.o.cmd, a build log made with V=1, or a file holding the ld.lld command line)"));
                line = LinkLine.parse(command, linkCmd.toString());
            } else if (dashes >= 0) {
                List<String> ld = original.subList(dashes + 1, original.size());
                inputs.removeAll(ld);
                // The pasted command: its first word is the linker itself, not an input.
                if (!ld.isEmpty() && LinkLine.isLinker(ld.get(0))) {
                    ld = ld.subList(1, ld.size());
                }
                line = LinkLine.parse(ld, "the ld.lld arguments after --");
            } else if (!inputs.isEmpty()) {
                line = withTreeOptions(new LinkLine(inputs, libraries, List.of(), true, null, List.of(), null,
                        COMMAND_LINE), err);
            } else {
                Path here = Path.of("").toAbsolutePath();
                if (!KernelLink.isObjectTree(here)) {
                    throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "no inputs given, and " + here
                            + " is not a kernel object tree (no .vmlinux.o.cmd or include/config/auto.conf)");
                }
                line = KernelLink.find(here, makeRefusal(), note -> {
                    err.println("ltocheck: " + note);
                    err.flush();
                }).orElseThrow(() -> new ExitException(
                        ExitCode.USAGE_OR_UNREADABLE, "cannot find the link of vmlinux.o in " + here));
            }
        } catch (IOException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "cannot read the link command: " + Problems.describe(e));
        }
        List<String> lazy = new ArrayList<>(line.lazy());
        if (linkCmd != null || dashes >= 0) {
            lazy.addAll(libraries);
        }
        long started = System.nanoTime();
        // Made before any file is looked at: the cache records when the run began.
        MemberCache cache = noCache ? MemberCache.disabled()
                : cacheDir != null ? MemberCache.in(cacheDir)
                : MemberCache.defaultDirectory().map(MemberCache::in).orElseGet(MemberCache::disabled);
        // The archives' cache files are read while their members are listed.
        Path folder = workingDir;
        java.util.stream.Stream.concat(line.eager().stream(), lazy.stream()).filter(a -> a.endsWith(".a"))
                .forEach(archive -> cache.prefetch(folder.resolve(archive)));
        Inputs collected = InputCollector.collect(workingDir, line.eager(), lazy);
        long collectedAt = System.nanoTime();
        int threads = threads();
        LinkLine link = line;
        ModuleSetLoader.Loaded<R> loaded = ModuleSetLoader.loadWhile(collected, threads,
                isolate ? dev.ltocheck.llvm.IsolatedModuleReader::new : dev.ltocheck.llvm.BitcodeLoader::new, cache,
                llvmReads == LlvmReadsChoice.all ? dev.ltocheck.load.LlvmReads.ALL : dev.ltocheck.load.LlvmReads.NEEDED,
                early -> whileLlvmReads.apply(link, early));
        ModuleSet modules = loaded.modules();
        long loadedAt = System.nanoTime();
        boolean verbose = verbose(spec);
        if (verbose) {
            MemberCache.Counts counts = cache.counts();
            err.printf("ltocheck: %d objects listed in %d ms; read in %d ms (%d threads): %d members from the cache"
                            + " by stamp, %d by hash, %d read%n",
                    collected.objects().size(), millis(started, collectedAt), millis(collectedAt, loadedAt), threads,
                    counts.trusted(), counts.verified(), counts.read());
        }
        saveInBackground(cache, spec);
        cache.refusals().forEach(r -> err.println("ltocheck: warning: " + r));
        modules.problems().forEach(p -> err.println("ltocheck: " + p.line()));
        modules.warnings().forEach(w -> err.println("ltocheck: warning: " + w.line()));
        if (modules.nothingReadable()) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "no input could be read");
        }
        if (modules.bitcode().isEmpty()) {
            // Nothing for LTO to link: a verdict of "passes" would be about a link that does not happen.
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "no LLVM bitcode among "
                    + Plural.count(modules.natives().size(), "object")
                    + ": was the tree built with CONFIG_LTO_CLANG?");
        }
        return new Overlapped<>(new Link(modules, line, workingDir, cache), loaded.meanwhile());
    }
}
