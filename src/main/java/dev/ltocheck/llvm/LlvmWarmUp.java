package dev.ltocheck.llvm;

/**
 * Loads libLLVM (JavaCPP unpacks and checks its cache in ~/.javacpp, then the dynamic linker maps
 * and relocates the library: about 0.2 CPU-seconds) on a thread of its own, so that it happens
 * while the command line is parsed and the inputs are listed, when one core has nothing else to
 * do, rather than after the member walk, beside the thin link.
 *
 * <p>The thread does what the first LLVM call of a worker does (the class's initialisation, one
 * context made and disposed with the diagnostic handler installed): a worker that gets there
 * first waits for the same class initialisation, as two workers do without it. It must be
 * started only for runs that will call LLVM in this process; a run that does not would pay the
 * load for nothing.
 */
public final class LlvmWarmUp {
    private LlvmWarmUp() {
    }

    public static void start() {
        LlvmThreads.factory("ltocheck-llvm-load").newThread(LlvmWarmUp::load).start();
    }

    private static void load() {
        try {
            new BitcodeLoader().close();
        } catch (Throwable e) {
            // Nothing to say here: the run's own first call into LLVM fails and is reported as before.
        }
    }
}
