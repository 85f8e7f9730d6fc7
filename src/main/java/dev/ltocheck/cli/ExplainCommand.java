package dev.ltocheck.cli;

import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.report.CheckSarifRenderer;
import dev.ltocheck.report.ExplainJsonRenderer;
import dev.ltocheck.report.ExplainTextRenderer;
import dev.ltocheck.report.ExplainedLog;
import dev.ltocheck.report.FirstAnswer;
import dev.ltocheck.session.CheckAnswer;
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.LoadedLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
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

    @Mixin
    BuildLog buildLog;

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
        List<String> inputs = buildLog.inputs(input);
        try (Reader reader = buildLog.open()) {
            BuildLog.requireLink(inputs, input, output);
            LinkSession session = input.open(output, link.model(), true, inputs);
            LoadedLink loaded = session.load();
            CheckAnswer answer = CheckAnswer.of(session, loaded, loaded.imports(), output::say);
            // The log is read after the analysis, line by line: only lld's lines are kept.
            ExplainedLog explained = ExplainedLog.of(answer.result(), buildLog.lldLines(reader));
            FirstAnswer first = answer.answer(session, loaded, ReportTreeOptions.find(null, null, input.linkCmd));
            PrintWriter out = output.out();
            switch (format) {
                case json -> ExplainJsonRenderer.render(answer.report(), answer.headline(), first.causes(), explained, out);
                case sarif -> CheckSarifRenderer.render(answer.report(), first.causes(), out);
                default -> ExplainTextRenderer.render(answer.report(), answer.headline(), first, explained, detail, out);
            }
            // As check: a flag value ltocheck cannot model, or an input not read, leaves the answer incomplete.
            int verdict = explained.unmatched() > 0 ? ExitCode.LINK_FAILS : ExitCode.OK;
            return ExitCode.of(verdict, loaded.modules(), answer.result(), input.allowIncomplete);
        }
    }
}
