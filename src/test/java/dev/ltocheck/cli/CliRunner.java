package dev.ltocheck.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process with the production wiring and captures both streams. */
final class CliRunner {
    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private CliRunner() {
    }
}
