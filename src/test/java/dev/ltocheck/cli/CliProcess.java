package dev.ltocheck.cli;

import dev.ltocheck.support.Tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the CLI as a user does: its own JVM, in a folder of the test's choosing, with the bundled toolchain on PATH. */
final class CliProcess {
    private CliProcess() {
    }

    static CliRunner.Run in(Path dir, String... args) throws IOException, InterruptedException {
        CliRunner.RawRun run = inRaw(dir, args);
        return new CliRunner.Run(run.exitCode(), new String(run.out(), StandardCharsets.UTF_8), run.err());
    }

    /** As {@link #in}, stdout as the bytes written ({@code ltocheck fix > p.diff}). */
    static CliRunner.RawRun inRaw(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(Tools.toolchain().environment(builder.environment()));
        Path out = Files.createTempFile("ltocheck", ".out");
        Path err = Files.createTempFile("ltocheck", ".err");
        try {
            Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            return new CliRunner.RawRun(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
