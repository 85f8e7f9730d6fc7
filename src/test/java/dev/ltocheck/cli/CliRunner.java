package dev.ltocheck.cli;

import dev.ltocheck.report.BytePrintWriter;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process with the production wiring and captures both streams. */
final class CliRunner {
    record Run(int exitCode, String out, String err) {
    }

    /** stdout as the bytes a pipe gets: a diff keeps the bytes of a file that is not UTF-8. */
    record RawRun(int exitCode, byte[] out, String err) {
    }

    static Run run(String... args) {
        RawRun run = runRaw(args);
        return new Run(run.exitCode(), new String(run.out(), StandardCharsets.UTF_8), run.err());
    }

    /** As main writes: stdout through the report's byte-capable writer (here in UTF-8). */
    static RawRun runRaw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintWriter stdout = new BytePrintWriter(out, false, StandardCharsets.UTF_8);
        int code = Main.run(stdout, new PrintWriter(err), args);
        stdout.flush();
        return new RawRun(code, out.toByteArray(), err.toString());
    }

    private CliRunner() {
    }
}
