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

    ModuleSet load() {
        Inputs collected = InputCollector.collect(Path.of(""), inputs, libraries);
        int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        return ModuleSetLoader.load(collected, Math.max(1, threads));
    }
}
