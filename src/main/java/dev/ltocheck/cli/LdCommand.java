package dev.ltocheck.cli;

import dev.ltocheck.wrapper.LdDecision;
import dev.ltocheck.wrapper.LdOutcome;
import dev.ltocheck.wrapper.LdRequest;
import dev.ltocheck.wrapper.LinkerWrapper;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The linker wrapper's checking half: scripts/ltocheck-ld execs the real ld.lld for probes and
 * every other link without a JVM, and comes here for the LTO link of vmlinux.o (--decision-file:
 * this JVM checks, decides and ends before the link runs; see {@link dev.ltocheck.wrapper.LdDecision}).
 */
@Command(name = "ld", mixinStandardHelpOptions = true,
        description = "A linker wrapper for kbuild: make LLVM=1 LD=\"/path/to/ltocheck ld\" (or LD=/path/to/scripts/ltocheck-ld)."
                + " Probes (--version, -v) and every link but vmlinux.o's LTO link run the real ld.lld (LTOCHECK_LD, else"
                + " ld.lld as LLVM=1, LLVM=-N, LLVM=/path/ name it) without a JVM. The LTO link of vmlinux.o is checked"
                + " first: when it would fail, the answer and the lines ld.lld would print are shown and nothing is"
                + " linked (exit 1; LTOCHECK_LINK_ANYWAY=1 links anyway); else the real ld.lld links, its output"
                + " passed through, with no JVM left running.",
        footerHeading = "%nExamples:%n",
        footer = {"  make LLVM=1 LD=\"$HOME/ltocheck/scripts/ltocheck ld\" vmlinux",
                "  ltocheck ld -- -m elf_x86_64 -r -o vmlinux.o --whole-archive vmlinux.a --no-whole-archive", ""})
final class LdCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Mixin
    InputOptions input;

    @Option(names = "--real-ld", paramLabel = "PATH", description = "The real ld.lld (scripts/ltocheck-ld passes the one it"
            + " found; default: LTOCHECK_LD, else ld.lld as LLVM names it, on PATH).")
    Path realLd;

    @ArgGroup(exclusive = true)
    Launcher launcher;

    /** How scripts/ltocheck-ld runs this command: it runs the linker itself. */
    static final class Launcher {
        @Option(names = "--decision-file", paramLabel = "FILE", description = "Check, write 'pass', 'link' or 'stop' into"
                + " FILE (a new file), and end without linking (scripts/ltocheck-ld links).")
        Path decisionFile;

        @Option(names = "--missed", paramLabel = "LOG", description = "The link, predicted to pass, failed with this"
                + " standard error: if on module flags, say so and explain its lines.")
        Path missedLog;
    }

    @Override
    public Integer call() throws IOException {
        List<String> original = output.spec.commandLine().getParseResult().originalArgs();
        int dashes = original.indexOf("--");
        if (dashes < 0) {
            throw output.usage("give ld.lld's arguments after -- (ltocheck ld -- -r -o vmlinux.o ...)");
        }
        LdRequest.Mode mode = launcher == null ? new LdRequest.Link()
                : launcher.decisionFile != null ? new LdRequest.Decide(launcher.decisionFile)
                : new LdRequest.Missed(launcher.missedLog);
        LdRequest request = new LdRequest(original.subList(dashes + 1, original.size()), Optional.ofNullable(realLd),
                System.getenv(), mode);
        LdOutcome outcome;
        try {
            // The process's own standard error for the linker: lld's bytes as they come, not re-encoded.
            outcome = new LinkerWrapper(request, () -> input.open(output, new LinkModelOptions().model(), true),
                    output.err(), System.err).run();
        } catch (LinkerWrapper.WrapperException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "ld: " + e.getMessage());
        }
        if (outcome instanceof LdOutcome.Linked linked) {
            return linked.exitCode();
        }
        boolean stopped = outcome instanceof LdOutcome.NotLinked
                || outcome instanceof LdOutcome.Decided decided && decided.decision() == LdDecision.STOP;
        return stopped ? ExitCode.LINK_FAILS : ExitCode.OK;
    }
}
