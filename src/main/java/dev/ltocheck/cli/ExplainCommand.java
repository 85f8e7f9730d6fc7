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
import dev.ltocheck.report.CheckReport;
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

    @Override
    public Integer call() throws BitcodeLoadException {
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

        Set<String> explained = new HashSet<>();
        java.util.Map<String, String> fixes = new java.util.TreeMap<>();
        int unmatched = 0;
        int seen = 0;
        for (String line : lines) {
            Optional<LldLogLine> parsed = LldLogLine.parse(line);
            if (parsed.isEmpty()) {
                continue;
            }
            seen++;
            LldLogLine l = parsed.get();
            out.println(l.line());
            if (l.fullLto()) {
                explainFullLto(report, l, out);
                continue;
            }
            Optional<FailingImport> failing = find(result, l);
            if (failing.isEmpty()) {
                unmatched++;
                out.println("    (no such failing import in the analysed link: is it the same build?)");
                continue;
            }
            explained.add(key(failing.get().into(), failing.get().from()));
            explainImport(report, failing.get(), out, fixes);
        }
        List<FailingImport> unprinted = result.errors().stream()
                .filter(f -> !explained.contains(key(f.into(), f.from())))
                .filter(FailingImport::shownByLld).toList();
        if (!unprinted.isEmpty() && seen > 0) {
            out.println();
            out.println("Not in the log (" + (lld.aborts() ? "ld.lld " + lld.version()
                    + " aborts at the first failing import" : "lld stops after " + CheckResult.LLD_ERROR_LIMIT + " errors")
                    + "): " + unprinted.size() + " more:");
            for (FailingImport f : unprinted) {
                String text = result.lldLines().stream().filter(x -> x.module().equals(f.into().name()))
                        .map(lld::words).findFirst().orElse(f.message());
                out.println(text);
                explainImport(report, f, out, fixes);
            }
        }
        if (seen == 0) {
            out.println("No module-flag errors in the log.");
        }
        if (!fixes.isEmpty()) {
            out.println();
            out.println("Fix: take the minority side of each pair out of LTO, in the Makefile that builds it:");
            fixes.forEach((path, line) -> out.println("    " + path + ": " + line));
        }
        return unmatched == 0 ? ExitCode.OK : ExitCode.LINK_FAILS;
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
