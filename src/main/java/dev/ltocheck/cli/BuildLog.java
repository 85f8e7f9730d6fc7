package dev.ltocheck.cli;

import dev.ltocheck.check.LldLogLine;
import dev.ltocheck.input.LogLines;
import dev.ltocheck.input.RegularFile;
import dev.ltocheck.session.Problems;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The build log explain reads: a file, or standard input. */
final class BuildLog {
    @Parameters(index = "0", arity = "0..1", paramLabel = "LOG", description = "The build log; - or none: standard input.")
    String log;

    /** The log, once it is known to be readable: standard input, or a regular file (never a FIFO or device). */
    Reader open() {
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

    @picocli.CommandLine.Option(names = "--archive", paramLabel = "INPUT",
            description = "An input of the link, as an INPUT after the LOG. Repeatable.")
    List<String> archives = new ArrayList<>();

    /**
     * The link's inputs named on the command line: the INPUT positionals overlap LOG (index 0), so
     * the log is not one; then every --archive.
     */
    List<String> inputs(InputOptions input) {
        List<String> inputs = new ArrayList<>(input.inputs.subList(input.inputs.isEmpty() || log == null ? 0 : 1,
                input.inputs.size()));
        inputs.addAll(archives);
        return inputs;
    }

    /**
     * A log names modules, not the link they come from: without inputs, a link command, ld.lld's
     * arguments or a kernel object tree to find the link in, there is nothing to explain against.
     */
    static void requireLink(List<String> inputs, InputOptions input, Output output) {
        boolean dashes = output.spec.commandLine().getParseResult().originalArgs().contains("--");
        if (inputs.isEmpty() && input.linkCmd == null && !dashes
                && !dev.ltocheck.kbuild.KernelLink.isObjectTree(Path.of("").toAbsolutePath())) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "the log names the modules, not the link they"
                    + " come from: run in the kernel object tree, or give the link (--link-cmd .vmlinux.o.cmd, or"
                    + " --archive vmlinux.a --lib lib/lib.a)");
        }
    }

    /** lld's lines of the log, read line by line: no other line is kept. */
    List<String> lldLines(Reader reader) {
        List<String> lines = new ArrayList<>();
        try {
            LogLines.eachLine(reader, line -> LldLogLine.parse(line).ifPresent(l -> lines.add(line)));
        } catch (IOException | UncheckedIOException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "cannot read the log"
                    + (log == null || log.equals("-") ? " from standard input" : "") + ": " + Problems.describe(e));
        }
        return lines;
    }
}
