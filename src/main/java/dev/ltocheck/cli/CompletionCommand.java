package dev.ltocheck.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script for ltocheck's commands and options (bash; zsh after"
                + " 'autoload -U bashcompinit && bashcompinit').",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(ltocheck completion bash)",
                "      (in this shell)",
                "  ltocheck completion bash > ~/.local/share/bash-completion/completions/ltocheck", ""})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", defaultValue = "bash",
            description = "bash (default: ${DEFAULT-VALUE}).")
    Shell shell;

    @Override
    public Integer call() {
        // Every command's options, so the whole tree is built here (a run builds only the one it names).
        CommandLine all = Main.commandLine(spec.commandLine().getOut(), spec.commandLine().getErr(), null);
        spec.commandLine().getOut().print(AutoComplete.bash("ltocheck", all));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
