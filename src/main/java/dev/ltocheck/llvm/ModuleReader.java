package dev.ltocheck.llvm;

import java.nio.ByteBuffer;

/** Reads module facts from bitcode: in this process ({@link BitcodeLoader}) or in a child ({@link IsolatedModuleReader}). */
public interface ModuleReader extends AutoCloseable {

    ModuleFacts load(ByteBuffer bitcode, String name) throws BitcodeLoadException;

    /** Whether a crash of libLLVM while reading costs only that read (a child process), not the run. */
    default boolean containsCrashes() {
        return false;
    }

    @Override
    void close();
}
