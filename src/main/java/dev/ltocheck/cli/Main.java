package dev.ltocheck.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/** Entry point. {@link #run} is what tests call: the production wiring, with writers of their own. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(out, err);
        int code = commandLine.execute(withDefaultCommand(commandLine, args));
        out.flush();
        err.flush();
        return code;
    }

    /** 'check' is the default: no arguments, or a first argument that is no command and no top-level option. */
    static String[] withDefaultCommand(CommandLine commandLine, String[] args) {
        // --verbose may come before the command (ltocheck --verbose check).
        int first = 0;
        while (first < args.length && args[first].equals("--verbose")) {
            first++;
        }
        boolean topLevelOption = first < args.length && List.of("-h", "--help", "-V", "--version").contains(args[first]);
        if (topLevelOption || (first < args.length && commandLine.getSubcommands().containsKey(args[first]))) {
            return args;
        }
        String[] withCheck = new String[args.length + 1];
        System.arraycopy(args, 0, withCheck, 0, first);
        withCheck[first] = "check";
        System.arraycopy(args, first, withCheck, first + 1, args.length - first);
        return withCheck;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new LtocheckCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                ? ExitCode.USAGE_OR_UNREADABLE : ExitCode.INTERNAL_ERROR);
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof ExitException exit) {
                cl.getErr().println("ltocheck: " + exit.getMessage());
                return exit.code();
            }
            LtocheckCommand root = commandLine.getCommand();
            cl.getErr().println("ltocheck: internal error: " + e);
            if (root.verbose) {
                e.printStackTrace(cl.getErr());
            } else {
                cl.getErr().println("ltocheck: rerun with --verbose for the stack trace, and report it");
            }
            return ExitCode.INTERNAL_ERROR;
        });
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            sub.getCommandSpec().usageMessage()
                    .exitCodeListHeading("%nExit Codes:%n")
                    .exitCodeList(ExitCode.descriptions());
        }
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit Codes:%n")
                .exitCodeList(ExitCode.descriptions());
        return commandLine;
    }
}
