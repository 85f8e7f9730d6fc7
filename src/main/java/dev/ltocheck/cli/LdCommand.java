package dev.ltocheck.cli;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.report.Causes;
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.LoadedLink;
import dev.ltocheck.session.NoLinkException;
import dev.ltocheck.session.Problems;
import dev.ltocheck.report.CheckTextRenderer;
import dev.ltocheck.report.TextStyle;
import dev.ltocheck.wrapper.LinkerArguments;
import dev.ltocheck.wrapper.LinkerRun;
import dev.ltocheck.wrapper.RealLinker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The linker wrapper's checking half: scripts/ltocheck-ld execs the real ld.lld for probes and
 * every other link without a JVM, and comes here for the LTO link of vmlinux.o.
 */
@Command(name = "ld", mixinStandardHelpOptions = true,
        description = "A linker wrapper for kbuild: make LLVM=1 LD=\"/path/to/ltocheck ld\" (or LD=/path/to/scripts/ltocheck-ld)."
                + " Probes (--version, -v) and every link but vmlinux.o's LTO link run the real ld.lld (LTOCHECK_LD, else"
                + " ld.lld as LLVM=1, LLVM=-N, LLVM=/path/ name it) without a JVM. The LTO link of vmlinux.o is checked"
                + " first: when it would fail, the answer and the lines ld.lld would print are shown and nothing is"
                + " linked (exit 1; LTOCHECK_LINK_ANYWAY=1 links anyway); else the real ld.lld links, its output"
                + " passed through.",
        footerHeading = "%nExamples:%n",
        footer = {"  make LLVM=1 LD=\"$HOME/ltocheck/scripts/ltocheck ld\" vmlinux",
                "  ltocheck ld -- -m elf_x86_64 -r -o vmlinux.o --whole-archive vmlinux.a --no-whole-archive", ""})
final class LdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Output output;

    @Mixin
    InputOptions input;

    @Option(names = "--real-ld", paramLabel = "PATH", description = "The real ld.lld (scripts/ltocheck-ld passes the one it"
            + " found; default: LTOCHECK_LD, else ld.lld as LLVM names it, on PATH).")
    Path realLd;

    /** What the check said of the link before it ran. */
    private enum Prediction { FAILS, PASSES, UNKNOWN }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = output.err();
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dashes = original.indexOf("--");
        if (dashes < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give ld.lld's arguments after -- (ltocheck ld -- -r -o vmlinux.o ...)");
        }
        List<String> arguments = List.copyOf(original.subList(dashes + 1, original.size()));
        Map<String, String> env = System.getenv();
        Path linker = realLd != null ? realLd : RealLinker.find(env, wrapperPrograms()).orElseThrow(() ->
                new ExitException(ExitCode.USAGE_OR_UNREADABLE, "ld: no '" + RealLinker.name(env)
                        + "' to run (set LTOCHECK_LD to ld.lld's path)"));
        Path here = Path.of("").toAbsolutePath();
        LinkerArguments link = LinkerArguments.parse(arguments);
        if (!link.checked(LinkerArguments.checkedOutputs(env.get("LTOCHECK_LD_OUTPUTS")))) {
            return run(linker, arguments, here, err).exitCode();
        }
        Prediction prediction = predict(linker, link, err);
        if (prediction == Prediction.FAILS) {
            if (!anyway(env)) {
                err.println("ltocheck ld: " + link.output() + " not linked: ld.lld would fail after its ThinLTO backends."
                        + " Apply the fix (ltocheck fix --apply) and run make again; LTOCHECK_LINK_ANYWAY=1 links anyway.");
                err.flush();
                return ExitCode.LINK_FAILS;
            }
            err.println("ltocheck ld: LTOCHECK_LINK_ANYWAY is set: linking " + link.output() + " anyway");
            err.flush();
        }
        LinkerRun ran = run(linker, arguments, here, err);
        if (ran.exitCode() != 0 && prediction == Prediction.PASSES && !ran.moduleFlagErrors().isEmpty()) {
            missed(ran, arguments, err);
        }
        return ran.exitCode();
    }

    private static boolean anyway(Map<String, String> env) {
        String v = env.get("LTOCHECK_LINK_ANYWAY");
        return v != null && !v.isEmpty() && !v.equals("0");
    }

    /** The check of this very command line; anything that keeps it from an answer lets the link run. */
    private Prediction predict(Path linker, LinkerArguments link, PrintWriter err) {
        try {
            LinkSession session = input.open(output, new LinkModelOptions().model(), true);
            LoadedLink loaded = session.load();
            Answer answer = Answer.of(session, loaded, loaded.imports(), output);
            CheckResult result = answer.result();
            LldOutput lldOutput = answer.lld();
            if (!lldOutput.fails() && !result.linkFails()) {
                if (!result.unmodelled().isEmpty() || !loaded.modules().problems().isEmpty()) {
                    err.println("ltocheck ld: the check is incomplete (see above): linking");
                    return Prediction.UNKNOWN;
                }
                return Prediction.PASSES;
            }
            Causes causes = answer.causes(session, loaded, new ReportTreeOptions().tree(null));
            CheckTextRenderer.render(answer.report(), answer.headline(), causes, TextStyle.PLAIN, false, err);
            err.println();
            err.println("The lines " + linker + " would print:");
            CheckTextRenderer.renderLldLines(lldOutput, link.errorLimit(), err);
            err.flush();
            return Prediction.FAILS;
        } catch (ExitException | NoLinkException e) {
            err.println("ltocheck ld: " + e.getMessage() + ": linking without a check");
        } catch (BitcodeLoadException | IOException | RuntimeException e) {
            err.println("ltocheck ld: the check failed (" + Problems.describe(e) + "): linking without it; please report");
        }
        err.flush();
        return Prediction.UNKNOWN;
    }

    /** The real link failed on module flags after the check said it would not: explain its lines, and say so. */
    private void missed(LinkerRun ran, List<String> arguments, PrintWriter err) throws IOException {
        err.println("ltocheck ld: the prediction missed: ltocheck said this link passes, and ld.lld failed on module flags"
                + " (a bug in ltocheck: please report it with this output). What ltocheck makes of ld.lld's lines:");
        err.flush();
        Path log = ran.savedLog();
        try {
            List<String> explain = new ArrayList<>(List.of("explain", log.toString(), "--"));
            explain.addAll(arguments);
            Main.run(err, err, explain.toArray(String[]::new));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static LinkerRun run(Path linker, List<String> arguments, Path dir, PrintWriter err) throws IOException {
        err.flush();
        try {
            // The process's own standard error: lld's bytes as they come, not re-encoded through a writer.
            return LinkerRun.run(linker, arguments, dir, System.err);
        } catch (IOException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "ld: cannot run " + linker + ": " + Problems.describe(e));
        }
    }

    /** scripts/ltocheck and scripts/ltocheck-ld beside the jar's folder, when this runs from a clone. */
    private static Set<Path> wrapperPrograms() {
        Set<Path> programs = new java.util.HashSet<>();
        try {
            Path jar = Path.of(LdCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() != null ? jar.getParent().getParent() : null;
            if (root != null) {
                for (String name : List.of("scripts/ltocheck", "scripts/ltocheck-ld")) {
                    Path p = root.resolve(name);
                    if (Files.exists(p)) {
                        programs.add(p.toRealPath());
                    }
                }
            }
        } catch (java.net.URISyntaxException | IOException | RuntimeException e) {
            // not from a clone: nothing to skip
        }
        return programs;
    }
}
