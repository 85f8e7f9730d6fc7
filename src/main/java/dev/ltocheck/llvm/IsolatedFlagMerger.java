package dev.ltocheck.llvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --isolate} for the flag merge: IRMover runs in an {@link IsolatedWorker}, reused from
 * merge to merge. A wrongly typed flag value can make IRMover dereference garbage; then only the
 * worker dies, and the merge that killed it is named by a {@link FlagMergeCrashed}: the sequence
 * is merged again source by source (in a new worker) until the source that crashes it is found.
 */
public final class IsolatedFlagMerger implements FlagMerging {
    private WorkerProcess worker;

    @Override
    public List<FlagMerger.Step> mergeSequence(FlagMerger.NamedFlags destination, List<FlagMerger.NamedFlags> sources)
            throws BitcodeLoadException {
        try {
            return ask(destination, sources);
        } catch (WorkerDied died) {
            // Which merge killed it: the shortest prefix of the sequence that kills a worker too.
            for (int k = 1; k <= sources.size(); k++) {
                try {
                    List<FlagMerger.Step> steps = ask(destination, sources.subList(0, k));
                    if (steps.size() < k) {
                        return steps; // a failing merge stops the sequence before the source that crashed
                    }
                } catch (WorkerDied again) {
                    throw new FlagMergeCrashed(destination.name(), sources.get(k - 1).name(), again.how);
                }
            }
            // Not again: the worker died of something else (the watchdog, the machine); say so, keep it out of the cache.
            throw new FlagMergeCrashed(destination.name(), sources.get(sources.size() - 1).name(), died.how);
        }
    }

    /** The worker died before it answered; {@code how}: "exited with signal 11". */
    private static final class WorkerDied extends Exception {
        final String how;

        WorkerDied(String how) {
            super(how, null, false, false);
            this.how = how;
        }
    }

    private List<FlagMerger.Step> ask(FlagMerger.NamedFlags destination, List<FlagMerger.NamedFlags> sources)
            throws BitcodeLoadException, WorkerDied {
        if (worker != null && !worker.alive()) {
            worker.close();
            worker = null;
        }
        if (worker == null) {
            try {
                worker = WorkerProcess.start();
            } catch (IOException e) {
                throw new BitcodeLoadException("cannot start an isolated LLVM worker: " + e.getMessage(), false);
            }
        }
        try {
            worker.requests.writeByte(IsolatedWorker.MERGE);
            worker.requests.writeInt(1 + sources.size());
            writeNamed(destination);
            for (FlagMerger.NamedFlags source : sources) {
                writeNamed(source);
            }
            worker.requests.flush();
            var watchdog = worker.watchdog();
            try {
                List<FlagMerger.Step> steps = new ArrayList<>();
                while (true) {
                    int status = worker.responses.readUnsignedByte();
                    byte[] payload = IsolatedWorker.readBlock(worker.responses);
                    switch (status) {
                        case IsolatedWorker.STEP -> steps.add(IsolatedWorker.decodeStep(payload));
                        case IsolatedWorker.OK -> {
                            return steps;
                        }
                        case IsolatedWorker.ERROR -> throw new BitcodeLoadException(
                                new String(payload, StandardCharsets.UTF_8));
                        default -> throw new IOException("unknown answer " + status);
                    }
                }
            } finally {
                watchdog.cancel(false);
            }
        } catch (IOException e) {
            WorkerProcess dead = worker;
            worker = null;
            String how = "exited with " + dead.death();
            dead.close();
            throw new WorkerDied(how);
        }
    }

    private void writeNamed(FlagMerger.NamedFlags flags) throws IOException {
        byte[] bytes = IsolatedWorker.encodeNamed(flags);
        worker.requests.writeInt(bytes.length);
        worker.requests.write(bytes);
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }
}
