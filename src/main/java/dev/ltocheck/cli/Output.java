package dev.ltocheck.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * Where a command writes: its report on stdout, one "ltocheck: " line per note on stderr; shared by
 * every command. (The empty {@code @Command} is what makes a mixin of a class without options.)
 */
@Command
final class Output {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** One line on stderr. */
    void say(String line) {
        err().println("ltocheck: " + line);
    }

    boolean verbose() {
        return spec.root().userObject() instanceof LtocheckCommand root && root.verbose;
    }

    /** Bad usage: picocli prints the message and a pointer to --help, and the run exits 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Runs {@code finisher} after the report (and after an error's line), before the process ends. */
    void finishLater(Runnable finisher) {
        ((LtocheckCommand) spec.root().userObject()).finishLater(finisher);
    }
}
