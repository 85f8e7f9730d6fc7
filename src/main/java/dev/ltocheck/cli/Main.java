package dev.ltocheck.cli;

import dev.ltocheck.report.BytePrintWriter;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point. {@link #run} is what tests call: the production wiring, with writers of their own. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Text in the platform's charset, as PrintWriter(System.out) writes it; a diff's lines as the files have them.
        PrintWriter out = new BytePrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        // Expanded here, not by picocli, which would open a FIFO named by @FILE and block (AtFiles).
        // The linker wrapper's ld.lld arguments (after --) go to the real linker as given: lld reads
        // its response files by its own rules, and the check reads them as inputs (InputCollector).
        String[] withCommand = withDefaultCommand(args.length > 0 && args[0].equals("ld") ? expandBeforeDashes(args)
                : AtFiles.expand(args));
        CommandLine commandLine = commandLine(out, err, commandNamed(withCommand));
        int code = commandLine.execute(withCommand);
        out.flush();
        ((LtocheckCommand) commandLine.getCommand()).finish();
        err.flush();
        return code;
    }

    private static String[] expandBeforeDashes(String[] args) {
        int dashes = java.util.Arrays.asList(args).indexOf("--");
        if (dashes < 0) {
            return AtFiles.expand(args);
        }
        String[] before = AtFiles.expand(java.util.Arrays.copyOfRange(args, 0, dashes));
        String[] all = java.util.Arrays.copyOf(before, before.length + args.length - dashes);
        System.arraycopy(args, dashes, all, before.length, args.length - dashes);
        return all;
    }

    /**
     * The subcommands. Picocli builds a command's model by reflection, which costs more than the
     * JVM's own start: only the command a run names is built (all of them for top-level help).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("check", CheckCommand::new);
        commands.put("explain", ExplainCommand::new);
        commands.put("fix", FixCommand::new);
        commands.put("flags", FlagsCommand::new);
        commands.put("imports", ImportsCommand::new);
        commands.put("sections", SectionsCommand::new);
        commands.put("ld", LdCommand::new);
        commands.put("toolchain", ToolchainCommand::new);
        commands.put("completion", CompletionCommand::new);
        commands.put("help", picocli.CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(commands);
    }

    /** 'check' is the default: no arguments, or a first argument that is no command and no top-level option. */
    static String[] withDefaultCommand(String[] args) {
        // --verbose may come before the command (ltocheck --verbose check).
        int first = 0;
        while (first < args.length && args[first].equals("--verbose")) {
            first++;
        }
        boolean topLevelOption = first < args.length && List.of("-h", "--help", "-V", "--version").contains(args[first]);
        if (topLevelOption || (first < args.length && COMMANDS.containsKey(args[first]))) {
            return args;
        }
        String[] withCheck = new String[args.length + 1];
        System.arraycopy(args, 0, withCheck, 0, first);
        withCheck[first] = "check";
        System.arraycopy(args, first, withCheck, first + 1, args.length - first);
        return withCheck;
    }

    /** The subcommand the arguments name; "" for none (--version); null for all (top-level help, 'help'). */
    private static String commandNamed(String[] args) {
        for (String arg : args) {
            if (arg.equals("-V") || arg.equals("--version")) {
                return "";
            }
            if (!arg.equals("--verbose")) {
                return COMMANDS.containsKey(arg) && !arg.equals("help") ? arg : null;
            }
        }
        return null;
    }

    /**
     * A mistyped option gets the error and one line pointing at the help, not the whole usage
     * (which buries the error under 80 lines).
     */
    private static int shortUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("ltocheck: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        String name = cl.getCommandSpec().qualifiedName();
        err.println("Try '" + name + " --help' for more information.");
        return ExitCode.USAGE_OR_UNREADABLE;
    }

    /**
     * Picocli registers converters for the java.time and java.sql types by Class.forName, for every
     * command built: that runs java.time's static initialisers (DateTimeFormatter's dozens of
     * formatters), about 10 ms of CPU a run for options ltocheck does not have (its options are
     * strings, numbers, enums and paths). Its documented property leaves them out; one set by the
     * user wins.
     */
    private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

    /** @param only the one subcommand to build, "" for none, or null for all of them */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String only) {
        if (System.getProperty(CONVERTER_EXCLUDES) == null) {
            System.setProperty(CONVERTER_EXCLUDES, "java\\.(time|sql)\\..*");
        }
        CommandLine commandLine = new CommandLine(new LtocheckCommand());
        COMMANDS.forEach((name, command) -> {
            if (only == null || only.equals(name)) {
                commandLine.addSubcommand(name, command.get());
            }
        });
        commandLine.setHelpFactory(UsageHelp::new);
        commandLine.setExpandAtFiles(false);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(Main::shortUsage);
        commandLine.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                ? ExitCode.USAGE_OR_UNREADABLE : ExitCode.INTERNAL_ERROR);
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            Integer code = ExitCode.of(e, cl.getErr());
            if (code != null) {
                return code;
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
        commandLine.getSubcommands().forEach((name, sub) -> {
            sub.getCommandSpec().versionProvider(new VersionProvider());
            if (!name.equals("help")) {
                sub.getCommandSpec().usageMessage()
                        .exitCodeListHeading("%nExit Codes:%n")
                        .exitCodeList(ExitCode.descriptions(name));
            }
        });
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit Codes:%n")
                .exitCodeList(ExitCode.descriptions());
        return commandLine;
    }
}
