package dev.ltocheck.llvm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@link IsolatedWorker} child JVM of {@code --isolate}, with a memory cap: a heap of
 * {@link #HEAP_MIB} MiB and, where {@code prlimit} or {@code sh} is at hand, an address-space
 * limit of {@link #ADDRESS_SPACE_MIB} MiB, so that libLLVM allocating without end fails in the
 * child (which dies and costs one line) instead of taking the machine's memory. Its stdout is
 * the answer channel and its stderr is discarded: nothing a dying worker prints (a JVM crash
 * banner, LLVM's stack dump) reaches the user's report.
 */
final class WorkerProcess {
    static final int HEAP_MIB = 512;
    /**
     * The heap, libLLVM's mapping, a 64 MiB stack per LLVM thread, the JVM's code cache and class
     * space (both capped below) and LLVM's own allocations.
     */
    static final long ADDRESS_SPACE_MIB = 3072;
    /** How long LLVM may take over one request before its worker is stopped. */
    static final long ANSWER_SECONDS = 30;

    private final Process child;
    final DataOutputStream requests;
    final DataInputStream responses;

    private WorkerProcess(Process child) {
        this.child = child;
        requests = new DataOutputStream(new BufferedOutputStream(child.getOutputStream()));
        responses = new DataInputStream(new BufferedInputStream(child.getInputStream()));
    }

    static WorkerProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvm = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx" + HEAP_MIB + "m", "-XX:ReservedCodeCacheSize=64m", "-XX:CompressedClassSpaceSize=128m",
                "-XX:MaxMetaspaceSize=192m", "-XX:+DisplayVMOutputToStderr", "-XX:+SuppressFatalErrorMessage"));
        String crashKey = System.getProperty(IsolatedWorker.CRASH_ON_FLAG_PROPERTY);
        if (crashKey != null) {
            jvm.add("-D" + IsolatedWorker.CRASH_ON_FLAG_PROPERTY + "=" + crashKey);
        }
        jvm.addAll(List.of("-cp", System.getProperty("java.class.path"), IsolatedWorker.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(capped(jvm));
        // The worker's crash report would land in the user's folder: keep it out of there.
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:ErrorFile=/dev/null -XX:-CreateCoredumpOnCrash");
        // glibc reserves 64 MiB of address space per arena and thread: a few are enough here.
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        return new WorkerProcess(builder.start());
    }

    /** The command under an address-space limit, by the first means this machine has. */
    static List<String> capped(List<String> command) {
        long bytes = ADDRESS_SPACE_MIB << 20;
        List<String> out = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/prlimit"))) {
            out.addAll(List.of("/usr/bin/prlimit", "--as=" + bytes, "--"));
        } else if (Files.isExecutable(Path.of("/bin/sh"))) {
            // ulimit -v counts KiB; if the shell cannot set it, the worker runs with the heap cap alone.
            out.addAll(List.of("/bin/sh", "-c", "ulimit -v " + (bytes >> 10) + " 2>/dev/null; exec \"$@\"", "sh"));
        }
        out.addAll(command);
        return out;
    }

    long pid() {
        return child.pid();
    }

    boolean alive() {
        return child.isAlive();
    }

    /** Stops the worker if no answer has come within {@link #ANSWER_SECONDS}; cancel it once one has. */
    CompletableFuture<Void> watchdog() {
        return CompletableFuture.runAsync(child::destroyForcibly,
                CompletableFuture.delayedExecutor(ANSWER_SECONDS, TimeUnit.SECONDS));
    }

    /** How the worker ended, for the problem line: "signal 11", "code 134". */
    String death() {
        int code;
        try {
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                child.waitFor(5, TimeUnit.SECONDS);
            }
            code = child.exitValue();
        } catch (InterruptedException | IllegalThreadStateException e) {
            code = -1;
        }
        return code > 128 ? "signal " + (code - 128) : "code " + code;
    }

    void close() {
        try {
            requests.close();
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            child.destroyForcibly();
        }
    }
}
