package dev.ltocheck.cli;

import dev.ltocheck.input.ShellWord;
import dev.ltocheck.llvm.Toolchain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "toolchain", mixinStandardHelpOptions = true,
        description = "Print where the bundled clang/ld.lld/llvm-* " + Toolchain.LLVM_VERSION + " are,"
                + " or the environment that makes them runnable.",
        footerHeading = "%nExamples:%n",
        footer = {"  eval \"$(ltocheck toolchain --env)\"; clang --version",
                "      (use the bundled clang 20 in this shell)",
                "  ltocheck toolchain --tool ld.lld", ""})
final class ToolchainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--env", description = "Print shell 'export' lines for PATH and LD_LIBRARY_PATH.")
    boolean env;

    @Option(names = "--tool", paramLabel = "NAME", description = "Print the path of one tool.")
    String tool;

    @Override
    public Integer call() throws IOException {
        Toolchain toolchain = Toolchain.locate();
        PrintWriter out = spec.commandLine().getOut();
        if (tool != null) {
            java.nio.file.Path path = toolchain.tool(tool);
            if (tool.contains("/") || !java.nio.file.Files.isExecutable(path)) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "--tool " + tool + ": no such tool in the bundled"
                        + " LLVM " + Toolchain.LLVM_VERSION + " (ltocheck toolchain lists its folders)");
            }
            out.println(path);
        } else if (env) {
            // Said where the user reads it, not in what eval consumes: the next make LLVM=1 uses these.
            spec.commandLine().getErr().println("ltocheck: these lines put the bundled clang/ld.lld "
                    + Toolchain.LLVM_VERSION + " first on PATH: after eval, make LLVM=1 in this shell builds with them");
            for (Map.Entry<String, String> e : toolchain.environment(System.getenv()).entrySet()) {
                out.println("export " + e.getKey() + "=" + ShellWord.quoted(e.getValue()));
            }
        } else {
            toolchain.path().forEach(out::println);
        }
        return ExitCode.OK;
    }
}
