package dev.ltocheck.llvm;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.llvm.LLVM.LLVMBinaryRef;
import org.bytedeco.llvm.LLVM.LLVMMemoryBufferRef;
import org.bytedeco.llvm.LLVM.LLVMSectionIteratorRef;
import org.bytedeco.llvm.LLVM.LLVMSymbolIteratorRef;

import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.bytedeco.llvm.global.LLVM.LLVMBinaryGetType;
import static org.bytedeco.llvm.global.LLVM.LLVMBinaryTypeELF32B;
import static org.bytedeco.llvm.global.LLVM.LLVMBinaryTypeELF32L;
import static org.bytedeco.llvm.global.LLVM.LLVMBinaryTypeELF64B;
import static org.bytedeco.llvm.global.LLVM.LLVMBinaryTypeELF64L;
import static org.bytedeco.llvm.global.LLVM.LLVMCreateBinary;
import static org.bytedeco.llvm.global.LLVM.LLVMCreateMemoryBufferWithMemoryRange;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeBinary;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeMemoryBuffer;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeMessage;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeSectionIterator;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeSymbolIterator;
import static org.bytedeco.llvm.global.LLVM.LLVMGetSymbolName;
import static org.bytedeco.llvm.global.LLVM.LLVMMoveToContainingSection;
import static org.bytedeco.llvm.global.LLVM.LLVMMoveToNextSymbol;
import static org.bytedeco.llvm.global.LLVM.LLVMObjectFileCopySectionIterator;
import static org.bytedeco.llvm.global.LLVM.LLVMObjectFileCopySymbolIterator;
import static org.bytedeco.llvm.global.LLVM.LLVMObjectFileIsSectionIteratorAtEnd;
import static org.bytedeco.llvm.global.LLVM.LLVMObjectFileIsSymbolIteratorAtEnd;

/**
 * Undefined symbols of a native (ELF) object, through the C API's object-file functions: in an
 * executable link they are what keeps bitcode definitions alive (lld's isUsedInRegularObj).
 */
public final class NativeSymbols {
    private NativeSymbols() {
    }

    /** Names the object references without defining (symbols outside every section). */
    public static Set<String> undefined(ByteBuffer elf, String name) throws BitcodeLoadException {
        LLVMMemoryBufferRef buffer = LLVMCreateMemoryBufferWithMemoryRange(new BytePointer(elf.slice()),
                elf.remaining(), new BytePointer(name), 0);
        BytePointer error = new BytePointer((BytePointer) null);
        LLVMBinaryRef binary = LLVMCreateBinary(buffer, null, error);
        if (binary == null || binary.isNull()) {
            String message = error.isNull() ? "not an object file" : error.getString();
            if (!error.isNull()) {
                LLVMDisposeMessage(error);
            }
            LLVMDisposeMemoryBuffer(buffer);
            throw new BitcodeLoadException(message);
        }
        int type = LLVMBinaryGetType(binary);
        if (type != LLVMBinaryTypeELF32L && type != LLVMBinaryTypeELF32B && type != LLVMBinaryTypeELF64L
                && type != LLVMBinaryTypeELF64B) {
            // The object-file functions assume an object file: anything else is not handed to them.
            LLVMDisposeBinary(binary);
            LLVMDisposeMemoryBuffer(buffer);
            throw new BitcodeLoadException("not an ELF object file (LLVM binary type " + type + ")");
        }
        Set<String> names = new LinkedHashSet<>();
        LLVMSymbolIteratorRef symbols = LLVMObjectFileCopySymbolIterator(binary);
        LLVMSectionIteratorRef section = LLVMObjectFileCopySectionIterator(binary);
        try {
            while (LLVMObjectFileIsSymbolIteratorAtEnd(binary, symbols) == 0) {
                LLVMMoveToContainingSection(section, symbols);
                BytePointer symbolName = LLVMGetSymbolName(symbols);
                if (LLVMObjectFileIsSectionIteratorAtEnd(binary, section) != 0 && symbolName != null) {
                    String s = symbolName.getString();
                    if (!s.isEmpty()) {
                        names.add(s);
                    }
                }
                LLVMMoveToNextSymbol(symbols);
            }
        } finally {
            LLVMDisposeSectionIterator(section);
            LLVMDisposeSymbolIterator(symbols);
            LLVMDisposeBinary(binary);
            LLVMDisposeMemoryBuffer(buffer);
        }
        return names;
    }
}
