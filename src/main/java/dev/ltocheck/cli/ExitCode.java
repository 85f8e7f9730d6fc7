package dev.ltocheck.cli;

/** ltocheck's exit codes; every command's --help lists them. */
public final class ExitCode {
    public static final int OK = 0;
    /** The analysed link would fail (check) — never used for bad input. */
    public static final int LINK_FAILS = 1;
    /** Bad usage, or none of the inputs could be read. */
    public static final int USAGE_OR_UNREADABLE = 2;
    /** Some inputs could not be read, so the verdict covers only part of the link. */
    public static final int INCOMPLETE = 3;
    /** A bug in ltocheck. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCode() {
    }

    /**
     * The exit code of a run whose own verdict is {@code verdict}: a definite failure stays as it
     * is; a run that read only part of the link (an input unread, a merge that crashed libLLVM
     * under --isolate, a flag value ltocheck cannot model) exits 3, unless --allow-incomplete.
     *
     * @param check the run's check, or null for commands that merge no flags
     */
    static int of(int verdict, dev.ltocheck.modules.ModuleSet modules, dev.ltocheck.check.CheckResult check,
                  boolean allowIncomplete) {
        if (verdict != OK || allowIncomplete) {
            return verdict;
        }
        boolean incomplete = !modules.problems().isEmpty()
                || check != null && (!check.crashedMerges().isEmpty() || !check.unmodelled().isEmpty());
        return incomplete ? INCOMPLETE : OK;
    }

    /** The exit code of a run that ended with {@code e}, and its line on stderr; null for a bug in ltocheck. */
    static Integer of(Exception e, java.io.PrintWriter err) {
        if (e instanceof ExitException exit) {
            err.println("ltocheck: " + exit.getMessage());
            return exit.code();
        }
        if (e instanceof dev.ltocheck.session.NoLinkException noLink) {
            err.println("ltocheck: " + noLink.getMessage());
            return USAGE_OR_UNREADABLE;
        }
        return null;
    }

    /** Codes and meanings for the top-level --help: every code, and which command gives it. */
    static java.util.Map<String, String> descriptions() {
        return descriptions(null);
    }

    /** Codes and meanings for one command's --help (null: the top level), in the order shown. */
    static java.util.Map<String, String> descriptions(String command) {
        java.util.Map<String, String> list = new java.util.LinkedHashMap<>();
        String ok = switch (command == null ? "" : command) {
            case "check" -> "The link passes this check: no import breaks it.";
            case "fix" -> "The change is verified: with it, the link passes.";
            case "explain" -> "Every error of the log was explained.";
            case "sections" -> "No call leaves a confined section.";
            default -> "Success (check: no import breaks the link).";
        };
        list.put(OK + "", ok);
        switch (command == null ? "" : command) {
            case "check" -> list.put(LINK_FAILS + "", "The link would fail (or, with --fail-on warning, flags change silently).");
            case "fix" -> list.put(LINK_FAILS + "", "Not enough: the patch as written leaves the link failing or an object"
                    + " of its plan in LTO, or the objects must be rebuilt first.");
            case "explain" -> list.put(LINK_FAILS + "", "A line of the log matches no failing import of the analysed link.");
            case "sections" -> list.put(LINK_FAILS + "", "Some call or address leaves a confined section.");
            case "" -> list.put(LINK_FAILS + "", "check: the link would fail; fix, explain, sections: see their --help.");
            default -> {
                // flags, imports, toolchain: no verdict of their own
            }
        }
        list.put(USAGE_OR_UNREADABLE + "", "Bad usage, or no input could be read.");
        if (!java.util.Set.of("toolchain", "explain").contains(command == null ? "" : command)) {
            list.put(INCOMPLETE + "", "Some inputs could not be read: the result covers only part of the link"
                    + " (--allow-incomplete: exit as if complete).");
        }
        list.put(INTERNAL_ERROR + "", "Internal error (a bug in ltocheck; rerun with --verbose and report it).");
        return list;
    }
}
