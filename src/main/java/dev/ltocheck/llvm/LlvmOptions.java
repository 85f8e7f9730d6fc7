package dev.ltocheck.llvm;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.llvm.global.LLVM.LLVMParseCommandLineOptions;

/**
 * LLVM options ltocheck sets once per process, before any bitcode is read.
 *
 * <p>{@code -disable-ondemand-mds-loading}: lazily loaded modules otherwise read module-level
 * metadata on demand, jumping to the bit offsets the file's METADATA_INDEX claims without checking
 * them; a damaged index crashed libLLVM (found by the fuzz suite). Read sequentially, a bad record
 * is an error, not a wild jump. The cost is small: without debug info, module metadata is small.
 */
final class LlvmOptions {
    private static final boolean SET = set();

    private LlvmOptions() {
    }

    static void ensure() {
        if (!SET) {
            throw new IllegalStateException("LLVM options not set");
        }
    }

    private static boolean set() {
        String[] args = {"ltocheck", "-disable-ondemand-mds-loading"};
        try (PointerPointer<BytePointer> argv = new PointerPointer<>(args)) {
            LLVMParseCommandLineOptions(args.length, argv, new BytePointer("ltocheck"));
        }
        return true;
    }
}
