package dev.ltocheck.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The one pool of a run, sized by {@code -j}: every parallel step (ltocheck's pass over the
 * members, LLVM's, decoding cached summaries, import decisions, the cache's prefetch and the
 * writes for later runs) runs on it, so that {@code -j N} means N threads at a time.
 *
 * <p>A parallel loop runs on the calling thread too, and on the pool's threads as they come free:
 * a loop started while the pool is busy (the thin link beside LLVM's pass) is never stuck behind
 * it, and a helper that starts after the loop ran out of work does nothing.
 */
public final class Workers implements Executor, AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    /**
     * @param threads at most this many threads at a time (1 or more)
     * @param factory the pool's threads (LLVM's need a larger stack than the default)
     */
    public Workers(int threads, ThreadFactory factory) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (1 or more)");
        }
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    public int threads() {
        return threads;
    }

    /**
     * Calls {@code each} for every index below {@code count}, on this thread and up to
     * {@code threads - 1} of the pool's; returns when every index is done. Which thread takes
     * which index is not fixed: the caller's results must not depend on it.
     */
    public void forEachIndex(int count, IntConsumer each) {
        AtomicInteger next = new AtomicInteger();
        runCopies(Math.min(threads, count), () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                each.accept(i);
            }
        });
    }

    /** As {@link #forEachIndex}, over the items of {@code items}. */
    public <T> void forEach(List<T> items, Consumer<T> each) {
        forEachIndex(items.size(), i -> each.accept(items.get(i)));
    }

    /**
     * Runs {@code copies} copies of {@code loop}, each taking work from a source they share until
     * it is empty: one on this thread, the others on the pool. A copy the pool had not started by
     * the time this thread's copy returned is dropped (there is no work left for it); one it had
     * started is awaited.
     */
    public void runCopies(int copies, Runnable loop) {
        List<AtomicBoolean> claims = new ArrayList<>();
        List<CompletableFuture<Void>> helpers = new ArrayList<>();
        for (int c = 1; c < copies; c++) {
            AtomicBoolean claimed = new AtomicBoolean();
            claims.add(claimed);
            helpers.add(CompletableFuture.runAsync(() -> {
                if (claimed.compareAndSet(false, true)) {
                    loop.run();
                }
            }, pool));
        }
        Throwable failure = null;
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int c = 0; c < helpers.size(); c++) {
            if (!claims.get(c).compareAndSet(false, true)) {
                try {
                    await(helpers.get(c));
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        rethrow(failure);
    }

    /**
     * Starts {@code copies} copies of {@code loop} on the pool's threads only, and returns at once:
     * for work that runs beside the calling thread's own (LLVM's pass beside the thin link).
     */
    public CompletableFuture<Void> start(int copies, Runnable loop) {
        CompletableFuture<?>[] parts = new CompletableFuture<?>[copies];
        for (int c = 0; c < copies; c++) {
            parts[c] = CompletableFuture.runAsync(loop, pool);
        }
        return CompletableFuture.allOf(parts);
    }

    /** Runs {@code work} on the pool, when a thread comes free (work handed over earlier starts first). */
    @Override
    public void execute(Runnable work) {
        pool.execute(work);
    }

    /** Runs {@code work} on the pool; its result or failure is in the future returned. */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, pool);
    }

    /** Waits for {@code work}; its failure is thrown here, unchecked as it was thrown. */
    public static void await(CompletableFuture<?> work) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    work.get();
                    return;
                } catch (InterruptedException e) {
                    // The work may own LLVM contexts: it ends before this thread goes on.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    rethrow(cause);
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** Lets the pool's threads end once their work is done; work already handed to it still runs. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
