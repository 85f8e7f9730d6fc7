package dev.ltocheck.cli;

import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** Inputs and loading options shared by every analysing command. */
final class InputOptions {
    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "Archives (vmlinux.a, thin or regular), .o/.bc files, directories (every *.o below),"
                    + " or @FILE with a list of these.")
    List<String> inputs;

    @Option(names = "--lib", paramLabel = "ARCHIVE",
            description = "An archive linked lazily after the inputs, as kbuild's --start-group lib/lib.a --end-group:"
                    + " a member joins the link only if it defines a symbol still undefined. Repeatable.")
    List<String> libraries = new java.util.ArrayList<>();

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Threads that load modules (default: the number of cores).")
    Integer jobs;

    /**
     * Reads every input; each unreadable one is one line on {@code err}. Ends the command with
     * exit code 2 when nothing at all could be read.
     */
    ModuleSet load(java.io.PrintWriter err) {
        Inputs collected = InputCollector.collect(Path.of(""), inputs, libraries);
        int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        ModuleSet modules = ModuleSetLoader.load(collected, Math.max(1, threads));
        modules.problems().forEach(p -> err.println("ltocheck: " + p.line()));
        modules.warnings().forEach(w -> err.println("ltocheck: warning: " + w.line()));
        if (modules.nothingReadable()) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "no input could be read");
        }
        return modules;
    }
}
