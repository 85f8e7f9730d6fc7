package dev.ltocheck.llvm;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Threads that call into libLLVM. LLVM recurses where it resolves metadata (a chain of uniqued
 * nodes that refer forward resolves one frame pair per node), and a native stack overflow ends
 * the JVM with no message: a thread's default stack (1 MiB) overflows on a chain of about 3,000
 * nodes. Every thread that calls LLVM gets {@link #STACK_BYTES}; chains deeper than that stack
 * holds are refused by ltocheck's own walk before LLVM sees them (see
 * {@code bitcode.ForwardChains#MAX_DEPTH}, measured against this size).
 */
public final class LlvmThreads {
    /** Reserved, not committed: the pages a thread never touches cost no memory. */
    public static final long STACK_BYTES = 64L << 20;

    private LlvmThreads() {
    }

    /** Daemon threads named {@code name}, each with {@link #STACK_BYTES} of stack. */
    public static ThreadFactory factory(String name) {
        return r -> {
            Thread t = new Thread(null, r, name, STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }

    /** Work that calls into LLVM and may throw {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work} on a thread of its own with {@link #STACK_BYTES} of stack and waits for it:
     * for the calls into LLVM made from a command's own thread, whose stack the launcher sized.
     */
    public static <T, E extends Exception> T call(String name, Work<T, E> work) throws E {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = factory(name).newThread(() -> {
            try {
                result.set(work.run());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // LLVM's thread owns contexts: it ends before this one goes on
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e == null) {
            return result.get();
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        @SuppressWarnings("unchecked")
        E checked = (E) e; // work.run() declares only E besides unchecked ones
        throw checked;
    }
}
