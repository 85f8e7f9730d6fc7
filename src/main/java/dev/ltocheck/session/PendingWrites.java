package dev.ltocheck.session;

import dev.ltocheck.parallel.Workers;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a run writes for later runs (the member cache, the thin-link memo), left going beside the
 * rest of the run; its lines are printed when it is awaited, after the report, so that they
 * neither interleave with it nor get lost. Its failure is a warning, never the run's result.
 */
final class PendingWrites {
    /** Work that writes something for later runs, and prints only what it returns. */
    interface Write {
        /** @return lines for stderr (without the "ltocheck: " prefix) */
        List<String> run() throws IOException;
    }

    private final Workers workers;
    private final List<CompletableFuture<List<String>>> pending = new ArrayList<>();

    PendingWrites(Workers workers) {
        this.workers = workers;
    }

    /** Starts {@code work} on the pool. */
    void start(String what, Write work) {
        pending.add(workers.submit(() -> {
            try {
                return work.run();
            } catch (IOException | RuntimeException e) {
                return List.of("warning: the " + what + " was not written: " + Problems.describe(e));
            }
        }));
    }

    /** Waits for every write started, and prints its lines on {@code err}. */
    void await(PrintWriter err) {
        for (CompletableFuture<List<String>> write : pending) {
            write.join().forEach(line -> err.println("ltocheck: " + line));
        }
        pending.clear();
        err.flush();
    }
}
