package dev.ltocheck.wrapper;

import dev.ltocheck.check.LldLogLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real linker run as the wrapper's child: standard input and output are its own, its standard
 * error goes to the wrapper's as it comes and is kept (up to {@link #KEPT_BYTES}), so that a failure
 * the check did not predict can be explained afterwards. (Only for {@code ltocheck ld} run directly:
 * the launcher runs the linker itself, without a JVM.)
 *
 * @param exitCode the linker's exit status (128 + N when a signal N ended it)
 * @param stderr   what it printed on standard error, the first {@link #KEPT_BYTES} bytes of it
 */
public record LinkerRun(int exitCode, String stderr) {
    /** lld's module-flag errors are one line each, 20 by default: a few megabytes hold every one of a kernel's. */
    public static final int KEPT_BYTES = 4 << 20;

    /** Runs {@code linker} with {@code arguments} in {@code dir}; its standard error also goes to {@code err}. */
    public static LinkerRun run(Path linker, List<String> arguments, Path dir, OutputStream err) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(linker.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        // A "real linker" that runs the wrapper again would loop: scripts/ltocheck-ld stops on this.
        builder.environment().put("LTOCHECK_LD_ACTIVE", "1");
        Process process = builder.start();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        try (InputStream in = process.getErrorStream()) {
            byte[] buffer = new byte[8192];
            boolean passing = true;
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (passing) {
                    try {
                        err.write(buffer, 0, n);
                        err.flush();
                    } catch (IOException closed) {
                        // Our standard error closed: lld's lines are still read (it must not die of
                        // a full pipe) and kept, and its own exit status is what this returns.
                        passing = false;
                    }
                }
                if (kept.size() < KEPT_BYTES) {
                    kept.write(buffer, 0, Math.min(n, KEPT_BYTES - kept.size()));
                }
            }
        }
        try {
            return new LinkerRun(process.waitFor(), kept.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            return new LinkerRun(130, kept.toString(StandardCharsets.UTF_8));
        }
    }

    /** lld's module-flag error lines in what it printed ('linking module flags ...'). */
    public List<String> moduleFlagErrors() {
        return stderr.lines().filter(l -> LldLogLine.parse(l).isPresent()).toList();
    }
}
