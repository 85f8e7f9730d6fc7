package dev.ltocheck.llvm;

import java.nio.ByteBuffer;

/** Reads module facts from bitcode: in this process ({@link BitcodeLoader}) or in a child ({@link IsolatedModuleReader}). */
public interface ModuleReader extends AutoCloseable {

    ModuleFacts load(ByteBuffer bitcode, String name) throws BitcodeLoadException;

    @Override
    void close();
}
