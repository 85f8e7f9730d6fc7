package dev.ltocheck.cli;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.llvm.UserLinker;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.report.CheckJsonRenderer;
import dev.ltocheck.report.CheckReport;
import dev.ltocheck.report.CheckSarifRenderer;
import dev.ltocheck.report.CheckTextRenderer;
import dev.ltocheck.report.Causes;
import dev.ltocheck.report.Headline;
import dev.ltocheck.report.TextStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.ltocheck.imports.ThinModule;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    enum Format { text, json, sarif }
    enum Lto { auto, full }

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    LinkModelOptions link;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or sarif (SARIF 2.1.0: one result per object of the fix plan, then one per failing import) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--lld-lines", description = "Print only the error lines the user's ld.lld prints for this link, in its version's words"
                    + " (see --lld-version); where it aborts at the first failing import (ld.lld 15-18), every line it"
                    + " may print, and a note on stderr.")
    boolean lldLines;

    @Option(names = "--error-limit", paramLabel = "N", defaultValue = "0",
            description = "With --lld-lines: stop after N lines as lld does (lld's default is 20; 0: all).")
    int errorLimit;

    @Option(names = "--lto", paramLabel = "MODE", defaultValue = "auto",
            description = "auto: ThinLTO for modules with a ThinLTO summary, full LTO for the others, as lld does;"
                    + " full: model a full-LTO link of every module (all merged into ld-temp.o) (default: ${DEFAULT-VALUE}).")
    Lto lto;

    @Mixin
    BaselineOptions ci;

    @Option(names = "--detail", description = "After the answer, every failing import pair with its call chains.")
    boolean detail;

    @Option(names = "--srctree", paramLabel = "DIR", description = "The kernel source tree whose kbuild lines the report"
            + " names (default: the current folder, else the folder of --link-cmd, when it is one).")
    Path srctree;

    @Option(names = "--objtree", paramLabel = "DIR", description = "The object tree of an O= build (default: --srctree).")
    Path objtree;

    @Override
    public Integer call() throws BitcodeLoadException, IOException {
        if (errorLimit < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--error-limit " + errorLimit + ": must be 0 (every line) or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        ci.validate(spec);
        Analysis analysis = Analysis.of(input, link, spec);
        ModuleSet modules = analysis.modules();
        KbuildTreeOptions.warnStale(KbuildTreeOptions.currentTree(), modules, spec);
        ImportResult imports = analysis.imports();
        if (lto == Lto.full) {
            List<ThinModule> all = new ArrayList<>(imports.modules());
            all.addAll(imports.regular());
            imports = new ImportResult(List.of(), List.of(), imports.notJoined(), List.copyOf(all));
        }
        UserLinker.Found lld = link.lld(input.linkCmd, analysis.loaded().workingDir(), spec);
        CheckResult result = analysis.check(imports, lld.version());
        LldOutput lldOutput = LldOutput.of(result, lld.version());
        CheckReport report = CheckReport.of(modules, result, analysis.loaded().line().origin(), lldOutput);
        LinkModelOptions.sayHow(lld, lldOutput.fails() || !lldOutput.newer().isEmpty(), spec);
        Headline headline = Answer.headline(report);
        var baseline = ci.compare(modules, result, lld.version().toString(), spec);
        if (lldLines) {
            // lld's own lines only on stdout, byte for byte: the report's first line goes to stderr
            spec.commandLine().getErr().println("ltocheck: " + (lldOutput.aborts() || lldOutput.refused()
                    || !lldOutput.newer().isEmpty() ? lldOutput.statement() : headline.line()));
            CheckTextRenderer.renderLldLines(lldOutput, errorLimit, out);
        } else {
            Causes causes = Answer.causes(analysis, report, Answer.tree(srctree, objtree, input.linkCmd));
            switch (format) {
                case json -> CheckJsonRenderer.render(report, headline, causes, out);
                case sarif -> CheckSarifRenderer.render(report, causes, baseline, out);
                default -> {
                    if (baseline != null) {
                        out.println(headline.line());
                        ci.renderText(baseline, out);
                    } else {
                        CheckTextRenderer.render(report, headline, causes, TextStyle.forTerminal(), detail, out);
                    }
                }
            }
        }
        boolean fails = ci.fails(lldOutput.fails() || result.linkFails(), result, baseline);
        if (fails) {
            return ExitCode.LINK_FAILS;
        }
        // A flag value ltocheck cannot model leaves the check incomplete, like an unread input.
        boolean unmodelled = !result.unmodelled().isEmpty() && !input.allowIncomplete;
        return unmodelled ? ExitCode.INCOMPLETE : input.exitCode(modules, result, ExitCode.OK);
    }
}
