package dev.ltocheck.llvm;

import dev.ltocheck.flags.FlagUpgrade;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMMemoryBufferRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.bytedeco.llvm.global.LLVM.LLVMContextCreate;
import static org.bytedeco.llvm.global.LLVM.LLVMContextDispose;
import static org.bytedeco.llvm.global.LLVM.LLVMCreateMemoryBufferWithMemoryRange;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeMemoryBuffer;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeModule;
import static org.bytedeco.llvm.global.LLVM.LLVMGetBitcodeModuleInContext2;
import static org.bytedeco.llvm.global.LLVM.LLVMGetSourceFileName;
import static org.bytedeco.llvm.global.LLVM.LLVMGetTarget;

/**
 * Loads bitcode modules lazily through the C API and reads what ltocheck needs from them.
 *
 * <p>One loader owns one LLVMContext, which LLVM allows on one thread at a time: use one loader
 * per worker thread and close it on that thread.
 */
public final class BitcodeLoader implements ModuleReader {
    private final LLVMContextRef context;

    public BitcodeLoader() {
        context = LLVMContextCreate();
        LlvmDiagnostics.install(context);
    }

    /**
     * Reads one module. The bytes must be a direct buffer that starts with the raw bitcode magic
     * (callers check it first: LLVM must never see an ELF file or garbage).
     *
     * @param bytes a direct buffer; LLVM reads it in place, without a copy, while the module lives
     * @param name  the module identifier (lld's name for it)
     */
    @Override
    public ModuleFacts load(ByteBuffer bytes, String name) throws BitcodeLoadException {
        if (!bytes.isDirect()) {
            throw new IllegalArgumentException("bitcode must be in a direct buffer");
        }
        LlvmDiagnostics.drain();
        LLVMModuleRef module = new LLVMModuleRef();
        // The buffer points into the caller's mapping; LLVM neither copies nor frees those bytes.
        BytePointer data = new BytePointer(bytes.slice());
        LLVMMemoryBufferRef buffer = LLVMCreateMemoryBufferWithMemoryRange(data, bytes.remaining(),
                new BytePointer(name), 0);
        boolean failed = LLVMGetBitcodeModuleInContext2(context, buffer, module) != 0;
        List<LlvmDiagnostics.Diagnostic> diagnostics = LlvmDiagnostics.drain();
        if (failed || module.isNull()) {
            // The C API takes ownership of the buffer only on success.
            LLVMDisposeMemoryBuffer(buffer);
            throw new BitcodeLoadException(LlvmDiagnostics.errorText(diagnostics, "LLVM could not read the bitcode"));
        }
        try {
            return new ModuleFacts(sourceFileName(module), target(module),
                    FlagUpgrade.apply(ModuleFlagReader.read(module)));
        } finally {
            LLVMDisposeModule(module);
        }
    }

    private static String sourceFileName(LLVMModuleRef module) {
        try (SizeTPointer length = new SizeTPointer(1)) {
            BytePointer chars = LLVMGetSourceFileName(module, length);
            byte[] bytes = new byte[(int) length.get()];
            chars.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String target(LLVMModuleRef module) {
        BytePointer triple = LLVMGetTarget(module);
        return triple == null || triple.isNull() ? "" : triple.getString();
    }

    @Override
    public void close() {
        LLVMContextDispose(context);
    }
}
