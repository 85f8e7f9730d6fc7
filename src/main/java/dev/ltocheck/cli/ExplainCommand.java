package dev.ltocheck.cli;

import dev.ltocheck.report.Plural;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.LldLine;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.llvm.UserLinker;
import dev.ltocheck.check.LldLogLine;
import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.RegularFile;
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

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
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

    @Option(names = "--archive", paramLabel = "INPUT", description = "An input of the link, as an INPUT after the LOG."
            + " Repeatable.")
    List<String> archives = new ArrayList<>();

    /** --lib, --link-cmd, --no-make, --isolate, -j, the cache and --allow-incomplete, as for check. */
    @Mixin
    InputOptions input;

    @Mixin
    LinkModelOptions link;

    enum Format { text, json, sarif }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json (check's report with the log's lines matched) or sarif (as check's)"
                    + " (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--detail", description = "After the answer, every failing import pair with its call chains.")
    boolean detail;

    /** The longest log line kept: lld's lines are far shorter; a longer one is skipped, never held whole. */
    static final int MAX_LINE_CHARS = 1 << 20;

    @Override
    public Integer call() throws BitcodeLoadException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        // The mixin's INPUT positionals overlap LOG (index 0): the log is not an input; the rest are, as for check.
        List<String> inputs = new ArrayList<>(input.inputs);
        if (!inputs.isEmpty() && log != null) {
            inputs.remove(0);
        }
        inputs.addAll(archives);
        boolean dashes = spec.commandLine().getParseResult().originalArgs().contains("--");
        try (Reader reader = openLog()) {
            if (inputs.isEmpty() && input.linkCmd == null && !dashes
                    && !dev.ltocheck.kbuild.KernelLink.isObjectTree(Path.of("").toAbsolutePath())) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "the log names the modules, not the link they"
                        + " come from: run in the kernel object tree, or give the link (--link-cmd .vmlinux.o.cmd, or"
                        + " --archive vmlinux.a --lib lib/lib.a)");
            }
            input.inputs = inputs;
            return explain(reader, out);
        }
    }

    private int explain(Reader reader, PrintWriter out) throws IOException, BitcodeLoadException {
        Analysis analysis = Analysis.of(input, link, spec);
        UserLinker.Found found = link.lld(input.linkCmd, analysis.loaded().workingDir(), spec);
        LldVersion version = found.version();
        CheckResult result = analysis.check(analysis.imports(), version);
        LldOutput lld = LldOutput.of(result, version);
        LinkModelOptions.sayHow(found, lld.fails() || !lld.newer().isEmpty(), spec);
        CheckReport report = CheckReport.of(analysis.modules(), result, analysis.loaded().line().origin(), lld);
        // The log is read after the analysis, line by line: only lld's lines are kept.
        List<String> lines = new ArrayList<>();
        try {
            eachLine(reader, line -> LldLogLine.parse(line).ifPresent(l -> lines.add(line)));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "cannot read the log"
                    + (log == null || log.equals("-") ? " from standard input" : "") + ": " + Problems.describe(e));
        }
        ExplainedLog log = match(result, lines);
        Headline headline = Answer.headline(report);
        Causes causes = Answer.causes(analysis, report, Answer.tree(null, null, input.linkCmd));
        switch (format) {
            case json -> ExplainJsonRenderer.render(report, headline, causes, log, out);
            case sarif -> CheckSarifRenderer.render(report, causes, out);
            default -> renderText(report, headline, causes, log, out);
        }
        if (log.unmatched() > 0) {
            return ExitCode.LINK_FAILS;
        }
        // As check: a flag value ltocheck cannot model, or an input not read, leaves the answer incomplete.
        boolean unmodelled = !result.unmodelled().isEmpty() && !input.allowIncomplete;
        return unmodelled ? ExitCode.INCOMPLETE : input.exitCode(analysis.modules(), result, ExitCode.OK);
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
        for (ExplainedLog.Line l : log.lines()) {
            out.println(l.text());
            if (l.fullLto()) {
                LldLogLine.parse(l.text()).ifPresent(parsed -> explainFullLto(report, parsed, out));
            } else if (l.matched() == null) {
                out.println("    (no such failing import in the analysed link: is it the same build?)");
            } else {
                explainImport(report, l.matched(), out);
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
                explainImport(report, f, out);
            }
        }
        if (log.lines().isEmpty()) {
            out.println("No module-flag errors in the log.");
        }
        if (detail) {
            CheckTextRenderer.renderPairs(report, out);
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
            RegularFile.require(file);
            return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
        } catch (RegularFile.NotRegularFileException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, log + ": " + e.phrase());
        } catch (IOException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, Problems.describe(e));
        }
    }

    /**
     * Hands each line of {@code reader} to {@code each}, without its line end; a line longer than
     * {@link #MAX_LINE_CHARS} is skipped as it is read, so no line is held whole beyond that.
     *
     * @return how many lines were read
     */
    static long eachLine(Reader reader, java.util.function.Consumer<String> each) throws IOException {
        char[] buffer = new char[64 * 1024];
        StringBuilder line = new StringBuilder();
        boolean overlong = false;
        long lines = 0;
        int n;
        while ((n = reader.read(buffer)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    if (!overlong) {
                        line.append(buffer, from, i - from);
                        each.accept(stripCr(line));
                    }
                    lines++;
                    line.setLength(0);
                    overlong = false;
                    from = i + 1;
                }
            }
            if (!overlong) {
                line.append(buffer, from, n - from);
                if (line.length() > MAX_LINE_CHARS) {
                    overlong = true;
                    line.setLength(0);
                }
            }
        }
        if (!overlong && line.length() > 0) {
            each.accept(stripCr(line));
            lines++;
        }
        return lines;
    }

    private static String stripCr(StringBuilder line) {
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        return line.substring(0, end);
    }

    private static Optional<FailingImport> find(CheckResult result, LldLogLine l) {
        String dst = LldLogLine.memberPart(l.destination());
        String src = LldLogLine.memberPart(l.source());
        return result.errors().stream()
                .filter(f -> LldLogLine.memberPart(f.into().name()).equals(dst)
                        && LldLogLine.memberPart(f.from().name()).equals(src))
                .findFirst();
    }

    private static void explainImport(CheckReport report, FailingImport f, PrintWriter out) {
        out.println("    " + report.id(f.into()).path() + " (" + report.value(f.into(), f.key()) + ") imports from "
                + report.id(f.from()).path() + " (" + report.value(f.from(), f.key()) + "):");
        for (Import i : f.imports()) {
            out.println("        " + i.promoted() + " (" + (i.kind() == Import.Kind.FUNCTION ? "function, " + Plural.count(i.size(), "inst") : "variable") + ") via " + String.join(" -> ", i.chain()));
        }
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
