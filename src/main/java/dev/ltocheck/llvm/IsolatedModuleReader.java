package dev.ltocheck.llvm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --isolate}: LLVM reads each member in a child JVM ({@link IsolatedWorker}), reused from
 * member to member. A member that kills the child (a crash inside libLLVM) costs only itself: it
 * is reported, and the next member gets a fresh child.
 */
public final class IsolatedModuleReader implements ModuleReader {
    /** How long LLVM may take over one member before its worker is stopped. */
    static final long ANSWER_SECONDS = 30;

    private Process child;
    private DataOutputStream requests;
    private DataInputStream responses;

    @Override
    public ModuleFacts load(ByteBuffer bitcode, String name) throws BitcodeLoadException {
        try {
            if (child == null || !child.isAlive()) {
                start();
            }
            byte[] data = new byte[bitcode.remaining()];
            bitcode.duplicate().get(data);
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            requests.writeInt(nameBytes.length);
            requests.write(nameBytes);
            requests.writeInt(data.length);
            requests.write(data);
            requests.flush();
            // A worker stuck inside LLVM is stopped: the member is reported, the next gets a new worker.
            Process current = child;
            java.util.concurrent.CompletableFuture<Void> watchdog = java.util.concurrent.CompletableFuture.runAsync(
                    current::destroyForcibly,
                    java.util.concurrent.CompletableFuture.delayedExecutor(ANSWER_SECONDS, TimeUnit.SECONDS));
            int status;
            byte[] payload;
            try {
                status = responses.readUnsignedByte();
                payload = IsolatedWorker.readBlock(responses);
            } finally {
                watchdog.cancel(false);
            }
            if (status == IsolatedWorker.OK) {
                return FactsCodec.decode(payload);
            }
            throw new BitcodeLoadException(new String(payload, StandardCharsets.UTF_8));
        } catch (EOFException | java.net.SocketException e) {
            throw new BitcodeLoadException(died(), false);
        } catch (IOException e) {
            if (child != null && !child.isAlive()) {
                throw new BitcodeLoadException(died(), false);
            }
            throw new BitcodeLoadException("isolated LLVM worker failed: " + e.getMessage(), false);
        }
    }

    private String died() {
        int code;
        try {
            child.waitFor(5, TimeUnit.SECONDS);
            code = child.exitValue();
        } catch (InterruptedException | IllegalThreadStateException e) {
            code = -1;
        }
        child = null;
        return "libLLVM crashed reading this member (isolated worker exited with " + (code > 128
                ? "signal " + (code - 128) : "code " + code) + ")";
    }

    private void start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xss4m", "-cp", System.getProperty("java.class.path"), IsolatedWorker.class.getName()));
        // The worker's crash report would land in the user's folder: keep it out of there.
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:ErrorFile=/dev/null -XX:-CreateCoredumpOnCrash");
        child = builder.start();
        requests = new DataOutputStream(new BufferedOutputStream(child.getOutputStream()));
        responses = new DataInputStream(new BufferedInputStream(child.getInputStream()));
    }

    @Override
    public void close() {
        if (child != null) {
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
}
