package dev.ltocheck.cli;

import picocli.CommandLine.Option;

/** The --format option shared by commands that print data. */
final class FormatOption {
    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;
}
