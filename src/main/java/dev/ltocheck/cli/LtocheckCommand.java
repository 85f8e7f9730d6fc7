package dev.ltocheck.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ltocheck", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
                "Finds the ThinLTO cross-module imports that make a Clang LTO link fail on conflicting module"
                        + " flags, and the per-object kbuild change that fixes them.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {"  cd linux-objtree && ltocheck",
                "      (check the vmlinux.o link of a kernel tree: the same as 'ltocheck check')",
                "  ltocheck flags bitcode-samples/x86-pie/vmlinux.a",
                "      (which objects carry which module flags)",
                "  ltocheck flags --format json vmlinux.a", ""})
final class LtocheckCommand {
    @Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Show where the time goes (on stderr), and stack traces of internal errors.")
    boolean verbose;

    /** Work a command left running (the member cache and the thin-link memo being written), awaited before the process ends. */
    private final java.util.List<Runnable> finishers = new java.util.ArrayList<>();

    void finishLater(Runnable finisher) {
        finishers.add(finisher);
    }

    /** Awaits what {@link #finishLater} registered: after the report, so its lines come last. */
    void finish() {
        finishers.forEach(Runnable::run);
        finishers.clear();
    }
}
