package dev.ltocheck.cli;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.LldLine;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.llvm.UserLinker;
import dev.ltocheck.check.LldLogLine;
import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.report.Causes;
import dev.ltocheck.report.CheckReport;
import dev.ltocheck.report.CheckSarifRenderer;
import dev.ltocheck.report.CheckTextRenderer;
import dev.ltocheck.report.ExplainJsonRenderer;
import dev.ltocheck.report.ExplainedLog;
import dev.ltocheck.report.Headline;
import dev.ltocheck.report.TextStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LOG", description = "The build log; - or none: standard input.")
    String log;

    @Option(names = "--archive", paramLabel = "INPUT", description = "An input of the link (as for check). Repeatable.")
    List<String> archives = new ArrayList<>();

    @Option(names = "--lib", paramLabel = "ARCHIVE", description = "An archive linked lazily. Repeatable.")
    List<String> libraries = new ArrayList<>();

    @Option(names = "--link-cmd", paramLabel = "FILE", description = "Take the link from a saved ld.lld command.")
    Path linkCmd;

    @Mixin
    LinkModelOptions link;

    enum Format { text, json, sarif }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json (check's report with the log's lines matched) or sarif (as check's)"
                    + " (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--detail", description = "After the answer, every failing import pair with its call chains.")
    boolean detail;

    @Override
    public Integer call() throws BitcodeLoadException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<String> lines = readLog();
        if (archives.isEmpty() && linkCmd == null
                && !dev.ltocheck.kbuild.KernelLink.isObjectTree(Path.of("").toAbsolutePath())) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "the log names the modules, not the link they come"
                    + " from: run in the kernel object tree, or give the link (--link-cmd .vmlinux.o.cmd, or --archive"
                    + " vmlinux.a --lib lib/lib.a)");
        }
        InputOptions input = new InputOptions();
        input.inputs = new ArrayList<>(archives);
        input.libraries = libraries;
        input.linkCmd = linkCmd;
        Analysis analysis = Analysis.of(input, link, spec);
        UserLinker.Found found = link.lld(linkCmd, analysis.loaded().workingDir(), spec);
        LldVersion version = found.version();
        CheckResult result = analysis.check(analysis.imports(), version);
        LldOutput lld = LldOutput.of(result, version);
        LinkModelOptions.sayHow(found, lld.fails() || !lld.newer().isEmpty(), spec);
        CheckReport report = CheckReport.of(analysis.modules(), result, analysis.loaded().line().origin(), lld);
        ExplainedLog log = match(result, lines);
        Headline headline = Answer.headline(report);
        Causes causes = Answer.causes(analysis, report, Answer.tree(null, null, linkCmd));
        switch (format) {
            case json -> ExplainJsonRenderer.render(report, headline, causes, log, out);
            case sarif -> CheckSarifRenderer.render(report, causes, out);
            default -> renderText(report, headline, causes, log, out);
        }
        return log.unmatched() == 0 ? ExitCode.OK : ExitCode.LINK_FAILS;
    }

    /** Each error line of the log, matched to the failing import pair it names. */
    private static ExplainedLog match(CheckResult result, List<String> lines) {
        List<ExplainedLog.Line> matched = new ArrayList<>();
        Set<String> explained = new HashSet<>();
        for (String line : lines) {
            Optional<LldLogLine> parsed = LldLogLine.parse(line);
            if (parsed.isEmpty()) {
                continue;
            }
            LldLogLine l = parsed.get();
            if (l.fullLto()) {
                matched.add(new ExplainedLog.Line(l.line(), null, true));
                continue;
            }
            Optional<FailingImport> failing = find(result, l);
            failing.ifPresent(f -> explained.add(key(f.into(), f.from())));
            matched.add(new ExplainedLog.Line(l.line(), failing.orElse(null), false));
        }
        List<FailingImport> unprinted = matched.isEmpty() ? List.of() : result.errors().stream()
                .filter(f -> !explained.contains(key(f.into(), f.from())))
                .filter(FailingImport::shownByLld).toList();
        return new ExplainedLog(List.copyOf(matched), unprinted);
    }

    /** The answer first (as check prints it), then each line of the log with its modules and imports. */
    private void renderText(CheckReport report, Headline headline, Causes causes, ExplainedLog log, PrintWriter out) {
        StringWriter answer = new StringWriter();
        PrintWriter answerOut = new PrintWriter(answer);
        CheckTextRenderer.render(report, headline, causes, TextStyle.forTerminal(), false, answerOut);
        answerOut.flush();
        // The answer without check's closing hint: the log's lines follow instead.
        answer.toString().lines().filter(l -> !l.startsWith("Every failing pair with its call chains: --detail"))
                .forEach(out::println);
        CheckResult result = report.result();
        if (!log.lines().isEmpty()) {
            out.println();
            out.println("The log's " + (log.lines().size() == 1 ? "error line" : log.lines().size() + " error lines")
                    + ", each with its modules and what is imported:");
        }
        java.util.Map<String, String> fixes = new java.util.TreeMap<>();
        for (ExplainedLog.Line l : log.lines()) {
            out.println(l.text());
            if (l.fullLto()) {
                LldLogLine.parse(l.text()).ifPresent(parsed -> explainFullLto(report, parsed, out));
            } else if (l.matched() == null) {
                out.println("    (no such failing import in the analysed link: is it the same build?)");
            } else {
                explainImport(report, l.matched(), out, fixes);
            }
        }
        if (!log.notInLog().isEmpty()) {
            out.println();
            LldOutput lld = report.lld();
            out.println("Not in the log (" + (lld.aborts() ? "ld.lld " + lld.version()
                    + " aborts at the first failing import" : "lld stops after " + CheckResult.LLD_ERROR_LIMIT + " errors")
                    + "): " + log.notInLog().size() + " more:");
            for (FailingImport f : log.notInLog()) {
                String text = result.lldLines().stream().filter(x -> x.module().equals(f.into().name()))
                        .map(lld::words).findFirst().orElse(f.message());
                out.println(text);
                explainImport(report, f, out, fixes);
            }
        }
        if (log.lines().isEmpty()) {
            out.println("No module-flag errors in the log.");
        }
        if (causes.isEmpty() && !fixes.isEmpty()) {
            out.println();
            out.println("Fix: take the minority side of each pair out of LTO, in the Makefile that builds it:");
            fixes.forEach((path, line) -> out.println("    " + path + ": " + line));
        }
        if (detail) {
            CheckTextRenderer.renderPairs(report, out);
        }
    }

    private List<String> readLog() {
        if (log == null && System.console() != null) {
            // A terminal, not a pipe: waiting for the user to type a log would look like a hang.
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "explain reads a build log: give its file"
                    + " (ltocheck explain build.log) or pipe it in (make LLVM=1 2>&1 | ltocheck explain -)");
        }
        if (log == null || log.equals("-")) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                return reader.lines().toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "cannot read the log from standard input: "
                        + Problems.describe(e));
            }
        }
        Path file = Path.of(log);
        if (Files.isDirectory(file)) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, log + ": is a folder, not a build log");
        }
        try {
            // A log may hold bytes of any encoding (compiler output, file names): never fail on them.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, Problems.describe(e));
        }
    }

    private static Optional<FailingImport> find(CheckResult result, LldLogLine l) {
        String dst = LldLogLine.memberPart(l.destination());
        String src = LldLogLine.memberPart(l.source());
        return result.errors().stream()
                .filter(f -> LldLogLine.memberPart(f.into().name()).equals(dst)
                        && LldLogLine.memberPart(f.from().name()).equals(src))
                .findFirst();
    }

    private static void explainImport(CheckReport report, FailingImport f, PrintWriter out,
                                      java.util.Map<String, String> fixes) {
        out.println("    " + report.id(f.into()).path() + " (" + report.value(f.into(), f.key()) + ") imports from "
                + report.id(f.from()).path() + " (" + report.value(f.from(), f.key()) + "):");
        for (Import i : f.imports()) {
            out.println("        " + i.promoted() + " (" + (i.kind() == Import.Kind.FUNCTION ? "function, " + Plural.count(i.size(), "inst") : "variable") + ") via " + String.join(" -> ", i.chain()));
        }
        ThinModule minority = report.byFlag().getOrDefault(f.key(), List.of()).stream()
                .filter(p -> p.imports().contains(f)).map(CheckReport.Pair::minority).findFirst().orElse(f.from());
        String path = report.id(minority).path();
        String stem = Path.of(path).getFileName().toString().replaceAll("\\.o$", "");
        fixes.put(path, "CFLAGS_REMOVE_" + stem + ".o += $(CC_FLAGS_LTO)");
    }

    private static void explainFullLto(CheckReport report, LldLogLine l, PrintWriter out) {
        String src = LldLogLine.memberPart(l.source());
        report.result().imports().regular().stream().filter(m -> LldLogLine.memberPart(m.name()).equals(src))
                .findFirst().ifPresentOrElse(
                        m -> out.println("    " + report.id(m).path() + " (" + report.value(m, l.key())
                                + ") cannot join the modules merged before it into ld-temp.o (full LTO: every"
                                + " module is merged, imports play no part)"),
                        () -> out.println("    (no such full-LTO module in the analysed link)"));
    }

    private static String key(ThinModule into, ThinModule from) {
        return into.name() + "\u0000" + from.name();
    }
}
