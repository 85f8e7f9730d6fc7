package dev.ltocheck.cli;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LldLogLine;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.input.LogLines;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.UserLinker;
import dev.ltocheck.report.Causes;
import dev.ltocheck.report.CheckReport;
import dev.ltocheck.report.CheckSarifRenderer;
import dev.ltocheck.report.ExplainJsonRenderer;
import dev.ltocheck.report.ExplainTextRenderer;
import dev.ltocheck.report.ExplainedLog;
import dev.ltocheck.report.Headline;
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.LoadedLink;
import dev.ltocheck.session.Problems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain the module-flag errors of a failed link's log: each line's modules by path, the"
                + " functions and variables imported behind it, and the errors lld never printed past its limit."
                + " Reads LLVM 20's and older forms of the messages, and full LTO's ld-temp.o.",
        footerHeading = "%nExamples:%n",
        footer = {"  make LLVM=1 2>&1 | tee build.log; ltocheck explain build.log",
                "      (in the kernel object tree: the link is found as 'check' finds it)",
                "  ltocheck explain build.log --archive vmlinux.a --lib lib/lib.a -mllvm -import-instr-limit=5",
                "  ld.lld ... 2>&1 | ltocheck explain - --link-cmd .vmlinux.o.cmd", ""})
final class ExplainCommand implements Callable<Integer> {
    enum Format { text, json, sarif }

    @Mixin
    Output output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LOG", description = "The build log; - or none: standard input.")
    String log;

    @Option(names = "--archive", paramLabel = "INPUT", description = "An input of the link, as an INPUT after the LOG."
            + " Repeatable.")
    List<String> archives = new ArrayList<>();

    /** --lib, --link-cmd, --no-make, --isolate, -j, the cache and --allow-incomplete, as for check. */
    @Mixin
    InputOptions input;

    @Mixin
    LinkModelOptions link;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json (check's report with the log's lines matched) or sarif (as check's)"
                    + " (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--detail", description = "After the answer, every failing import pair with its call chains.")
    boolean detail;

    @Override
    public Integer call() throws BitcodeLoadException, IOException {
        // The mixin's INPUT positionals overlap LOG (index 0): the log is not an input; the rest are, as for check.
        List<String> inputs = new ArrayList<>(input.inputs.subList(input.inputs.isEmpty() || log == null ? 0 : 1,
                input.inputs.size()));
        inputs.addAll(archives);
        boolean dashes = output.spec.commandLine().getParseResult().originalArgs().contains("--");
        try (Reader reader = openLog()) {
            if (inputs.isEmpty() && input.linkCmd == null && !dashes
                    && !dev.ltocheck.kbuild.KernelLink.isObjectTree(Path.of("").toAbsolutePath())) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "the log names the modules, not the link they"
                        + " come from: run in the kernel object tree, or give the link (--link-cmd .vmlinux.o.cmd, or"
                        + " --archive vmlinux.a --lib lib/lib.a)");
            }
            LinkSession session = input.open(output, link.model(), true, inputs);
            LoadedLink loaded = session.load();
            UserLinker.Found found = session.lld(loaded.inputs());
            CheckResult result = session.check(loaded, loaded.imports(), found.version());
            LldOutput lld = LldOutput.of(result, found.version());
            LinkModelOptions.sayHow(found, lld.fails() || !lld.newer().isEmpty(), output);
            CheckReport report = CheckReport.of(loaded.modules(), result, loaded.line().origin(), lld);
            // The log is read after the analysis, line by line: only lld's lines are kept.
            List<String> lines = new ArrayList<>();
            try {
                LogLines.eachLine(reader, line -> LldLogLine.parse(line).ifPresent(l -> lines.add(line)));
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "cannot read the log"
                        + (log == null || log.equals("-") ? " from standard input" : "") + ": " + Problems.describe(e));
            }
            ExplainedLog explained = ExplainedLog.of(result, lines);
            Headline headline = Answer.headline(report);
            Causes causes = Answer.causes(session, loaded, report, Answer.tree(null, null, input.linkCmd));
            PrintWriter out = output.out();
            switch (format) {
                case json -> ExplainJsonRenderer.render(report, headline, causes, explained, out);
                case sarif -> CheckSarifRenderer.render(report, causes, out);
                default -> ExplainTextRenderer.render(report, headline, causes, explained, detail, out);
            }
            // As check: a flag value ltocheck cannot model, or an input not read, leaves the answer incomplete.
            int verdict = explained.unmatched() > 0 ? ExitCode.LINK_FAILS : ExitCode.OK;
            return ExitCode.of(verdict, loaded.modules(), result, input.allowIncomplete);
        }
    }

    /** The log, once it is known to be readable: standard input, or a regular file (never a FIFO or device). */
    private Reader openLog() {
        if (log == null && System.console() != null) {
            // A terminal, not a pipe: waiting for the user to type a log would look like a hang.
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "explain reads a build log: give its file"
                    + " (ltocheck explain build.log) or pipe it in (make LLVM=1 2>&1 | ltocheck explain -)");
        }
        // A log may hold bytes of any encoding (compiler output, file names): a reader made from a
        // charset replaces what is not UTF-8 instead of failing on it.
        if (log == null || log.equals("-")) {
            return new InputStreamReader(System.in, StandardCharsets.UTF_8);
        }
        Path file = Path.of(log);
        if (Files.isDirectory(file)) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, log + ": is a folder, not a build log");
        }
        try {
            dev.ltocheck.input.RegularFile.require(file);
            return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
        } catch (dev.ltocheck.input.RegularFile.NotRegularFileException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, log + ": " + e.phrase());
        } catch (IOException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, Problems.describe(e));
        }
    }
}
