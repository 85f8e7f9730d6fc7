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

    /** Codes and meanings for --help, in the order shown. */
    static java.util.Map<String, String> descriptions() {
        java.util.Map<String, String> list = new java.util.LinkedHashMap<>();
        list.put(OK + "", "Success (check: no import breaks the link).");
        list.put(LINK_FAILS + "", "check: the link would fail (or, with --fail-on warning, flags change silently); fix: the patch"
                + " as written leaves it failing or an object of its plan in LTO.");
        list.put(USAGE_OR_UNREADABLE + "", "Bad usage, or no input could be read.");
        list.put(INCOMPLETE + "", "Some inputs could not be read: the result covers only part of the link"
                + " (--allow-incomplete: exit as if complete).");
        list.put(INTERNAL_ERROR + "", "Internal error (a bug in ltocheck; rerun with --verbose and report it).");
        return list;
    }
}
