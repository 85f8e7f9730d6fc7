package dev.ltocheck.cli;

import picocli.CommandLine.Option;

/** What {@code check} prints: the format, lld's own lines only, the link mode modelled, the detail. */
final class CheckOptions {
    enum Format { text, json, sarif }
    enum Lto { auto, full }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or sarif (SARIF 2.1.0: one result per object of the fix plan, then one per failing import) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--lld-lines", description = "Print only the error lines the user's ld.lld prints for this link, in its version's words"
                    + " (see --lld-version); where it aborts at the first failing import (ld.lld 15-18), every line it"
                    + " may print, and a note on stderr.")
    boolean lldLines;

    @Option(names = "--error-limit", paramLabel = "N", defaultValue = "0",
            description = "With --lld-lines: stop after N lines as lld does (lld's default is 20; 0: all).")
    int errorLimit;

    @Option(names = "--lto", paramLabel = "MODE", defaultValue = "auto",
            description = "auto: ThinLTO for modules with a ThinLTO summary, full LTO for the others, as lld does;"
                    + " full: model a full-LTO link of every module (all merged into ld-temp.o) (default: ${DEFAULT-VALUE}).")
    Lto lto;

    @Option(names = "--detail", description = "After the answer, every failing import pair with its call chains.")
    boolean detail;

    void validate(Output output) {
        if (errorLimit < 0) {
            throw output.usage("--error-limit " + errorLimit + ": must be 0 (every line) or more");
        }
    }
}
