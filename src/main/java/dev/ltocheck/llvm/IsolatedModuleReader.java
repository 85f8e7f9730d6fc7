package dev.ltocheck.llvm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code --isolate}: LLVM reads each member in a child JVM ({@link IsolatedWorker}, started with
 * a memory cap by {@link WorkerProcess}), reused from member to member. A member that kills the
 * child (a crash inside libLLVM, or libLLVM reaching the cap) costs only itself: it is reported,
 * and the next member gets a fresh child.
 */
public final class IsolatedModuleReader implements ModuleReader {
    private WorkerProcess worker;

    @Override
    public boolean containsCrashes() {
        return true;
    }

    @Override
    public ModuleFacts load(ByteBuffer bitcode, String name) throws BitcodeLoadException {
        if (worker != null && !worker.alive()) {
            worker.close();
            worker = null;
        }
        try {
            if (worker == null) {
                worker = WorkerProcess.start();
            }
        } catch (IOException e) {
            throw new BitcodeLoadException("cannot start an isolated LLVM worker: " + e.getMessage(), false);
        }
        try {
            byte[] data = new byte[bitcode.remaining()];
            bitcode.duplicate().get(data);
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            worker.requests.writeByte(IsolatedWorker.READ);
            worker.requests.writeInt(nameBytes.length);
            worker.requests.write(nameBytes);
            worker.requests.writeInt(data.length);
            worker.requests.write(data);
            worker.requests.flush();
            // A worker stuck inside LLVM is stopped: the member is reported, the next gets a new worker.
            var watchdog = worker.watchdog();
            int status;
            byte[] payload;
            try {
                status = worker.responses.readUnsignedByte();
                payload = IsolatedWorker.readBlock(worker.responses);
            } finally {
                watchdog.cancel(false);
            }
            if (status == IsolatedWorker.OK) {
                return FactsCodec.decode(payload);
            }
            if (status == IsolatedWorker.ERROR) {
                throw new BitcodeLoadException(new String(payload, StandardCharsets.UTF_8));
            }
            throw new IOException("unknown answer " + status);
        } catch (IOException e) {
            WorkerProcess dead = worker;
            worker = null;
            String how = dead.death();
            dead.close();
            throw new BitcodeLoadException("libLLVM crashed reading this member (isolated worker exited with " + how
                    + ")", false);
        }
    }

    /** The running worker's process id, or -1 (tests look at its limits). */
    long workerPid() {
        return worker == null ? -1 : worker.pid();
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }
}
