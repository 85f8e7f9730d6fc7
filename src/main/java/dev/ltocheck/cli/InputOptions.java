package dev.ltocheck.cli;

import dev.ltocheck.session.LinkModel;
import dev.ltocheck.session.LinkRequest;
import dev.ltocheck.session.LinkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the link's inputs come from, for every analysing command: explicit inputs, a saved link
 * command, ld.lld's own arguments after {@code --}, or, with none of these, the kernel object
 * tree in the current folder; and how the run reads them.
 */
final class InputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

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

    @Option(names = "--no-cache", description = "Read every member, and leave the member cache alone.")
    boolean noCache;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where the member cache lives (default: $XDG_CACHE_HOME/ltocheck, else ~/.cache/ltocheck)."
                    + " Members unchanged since an earlier run are not read again.")
    Path cacheDir;

    /**
     * A session for the link these options name, modelled as {@code model} says; closed (its writes
     * for later runs awaited) after the report.
     *
     * @param treeLinkOptions whether named inputs in a kernel tree take the tree's link options
     */
    LinkSession open(Output output, LinkModel model, boolean treeLinkOptions) {
        return open(output, model, treeLinkOptions, inputs);
    }

    /** As {@link #open(Output, LinkModel, boolean)}, with these inputs named instead of the INPUT parameters. */
    LinkSession open(Output output, LinkModel model, boolean treeLinkOptions, List<String> named) {
        LinkSession session = LinkSession.open(request(model, treeLinkOptions, named), output.err(), output.verbose());
        output.finishLater(session::close);
        return session;
    }

    private LinkRequest request(LinkModel model, boolean treeLinkOptions, List<String> named) {
        if (jobs != null && jobs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "-j " + jobs + ": the number of threads must be 1 or more");
        }
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dashes = original.indexOf("--");
        LinkRequest.Source source = linkCmd != null ? new LinkRequest.SavedCommand(linkCmd)
                : dashes >= 0 ? new LinkRequest.LinkerArguments(original.subList(dashes + 1, original.size()))
                : !named.isEmpty() ? new LinkRequest.Named(named)
                : new LinkRequest.KernelTree();
        int threads = Math.max(1, jobs != null ? jobs : Runtime.getRuntime().availableProcessors());
        return new LinkRequest(source, libraries, treeLinkOptions, model, threads, isolate,
                new LinkRequest.Cache(!noCache, cacheDir), makeRefusal());
    }

    /** Why make must not run, when the user said so (--no-make, LTOCHECK_NO_MAKE=1, --isolate). */
    private Optional<String> makeRefusal() {
        if (noMake) {
            return Optional.of("--no-make");
        }
        String env = System.getenv("LTOCHECK_NO_MAKE");
        if (env != null && !env.isEmpty() && !env.equals("0")) {
            return Optional.of("LTOCHECK_NO_MAKE=" + env);
        }
        return isolate ? Optional.of("--isolate never runs make") : Optional.empty();
    }
}
