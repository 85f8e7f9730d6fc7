package dev.ltocheck.support;

import dev.ltocheck.llvm.Toolchain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the bundled LLVM tools from tests. */
public final class Tools {
    private static Toolchain toolchain;

    private Tools() {
    }

    public static synchronized Toolchain toolchain() {
        if (toolchain == null) {
            try {
                toolchain = Toolchain.locate();
            } catch (IOException e) {
                throw new IllegalStateException("bundled toolchain unavailable", e);
            }
        }
        return toolchain;
    }

    /** Output of one finished tool run. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(Path workingDir, String tool, String... arguments) {
        return run(toolchain().command(tool, List.of(arguments)).directory(workingDir.toFile()), tool);
    }

    /** Runs a tool of another toolchain folder ({@code /usr/lib/llvm-16/bin}): Debian's clang, ld.lld, llvm-*. */
    public static Result runIn(Path toolchainDir, Path workingDir, String tool, String... arguments) {
        List<String> command = new java.util.ArrayList<>();
        command.add(toolchainDir.resolve(tool).toString());
        command.addAll(List.of(arguments));
        return run(new ProcessBuilder(command).directory(workingDir.toFile()), tool);
    }

    private static Result run(ProcessBuilder builder, String tool) {
        try {
            // Files, not pipes: reading one pipe while the tool fills the other would deadlock.
            Path out = Files.createTempFile("ltocheck-tool", ".out");
            Path err = Files.createTempFile("ltocheck-tool", ".err");
            try {
                Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(tool + " did not finish");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + tool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a tool and fails unless it succeeds. */
    public static String check(Path workingDir, String tool, String... arguments) {
        Result result = run(workingDir, tool, arguments);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(tool + " " + String.join(" ", arguments) + " failed: " + result.stderr());
        }
        return result.stdout();
    }
}
