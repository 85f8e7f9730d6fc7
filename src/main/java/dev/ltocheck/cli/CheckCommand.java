package dev.ltocheck.cli;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.report.CheckJsonRenderer;
import dev.ltocheck.report.CheckSarifRenderer;
import dev.ltocheck.report.CheckTextRenderer;
import dev.ltocheck.report.FirstAnswer;
import dev.ltocheck.report.TextStyle;
import dev.ltocheck.session.CheckAnswer;
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.LoadedLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Report every ThinLTO import that makes the link fail on conflicting module flags, or silently"
                + " changes a module's flags, named down to the function, with the exact lines ld.lld prints."
                + " The default command: 'ltocheck vmlinux.a' is 'ltocheck check vmlinux.a'.",
        footerHeading = "%nExamples:%n",
        footer = {"  cd bitcode-samples/x86-pie && ltocheck check",
                "      (in a kernel object tree: the link of vmlinux.o as kbuild makes it)",
                "  ltocheck check --lld-lines --link-cmd .vmlinux.o.cmd",
                "      (the lines ld.lld will print, every one, not just the first 20)",
                "  ltocheck check --format sarif vmlinux.a -mllvm -import-instr-limit=5 > ltocheck.sarif", ""})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Mixin
    InputOptions input;

    @Mixin
    LinkModelOptions link;

    @Mixin
    CheckOptions report;

    @Mixin
    BaselineOptions ci;

    @Mixin
    ReportTreeOptions reportTree;

    @Override
    public Integer call() throws BitcodeLoadException, IOException {
        report.validate(output);
        ci.validate(output);
        LinkSession session = input.open(output, link.model(), true);
        LoadedLink loaded = session.load();
        Runnable staleWarnings = KbuildTreeOptions.warnStaleLater(KbuildTreeOptions.currentTree(), loaded.modules(),
                output, session.workers());
        CheckAnswer answer;
        try {
            answer = CheckAnswer.of(session, loaded, report.lto == CheckOptions.Lto.full ? loaded.importsAsFullLto()
                    : loaded.imports(), output::say);
        } finally {
            staleWarnings.run(); // a stale object may be why the check failed: said either way
        }
        CheckResult result = answer.result();
        LldOutput lldOutput = answer.lld();
        PrintWriter out = output.out();
        var baseline = ci.compare(loaded.modules(), result, lldOutput.version().toString(), output);
        if (report.lldLines) {
            // lld's own lines only on stdout, byte for byte: the report's first line goes to stderr
            output.say(lldOutput.aborts() || lldOutput.refused() || !lldOutput.newer().isEmpty()
                    ? lldOutput.statement() : answer.headline().line());
            CheckTextRenderer.renderLldLines(lldOutput, report.errorLimit, out);
        } else {
            FirstAnswer first = answer.answer(session, loaded, reportTree.tree(input.linkCmd));
            switch (report.format) {
                case json -> CheckJsonRenderer.render(answer.report(), answer.headline(), first.causes(), baseline,
                        baseline == null ? null : ci.baselineName(), out);
                case sarif -> CheckSarifRenderer.render(answer.report(), first.causes(), baseline, out);
                default -> {
                    if (baseline != null) {
                        out.println(answer.headline().line());
                        ci.renderText(baseline, out);
                    } else {
                        CheckTextRenderer.render(answer.report(), answer.headline(), first, TextStyle.forTerminal(),
                                report.detail, out);
                    }
                }
            }
        }
        boolean fails = ci.fails(lldOutput.fails() || result.linkFails(), result, baseline);
        return ExitCode.of(fails ? ExitCode.LINK_FAILS : ExitCode.OK, loaded.modules(), result, input.allowIncomplete);
    }
}
