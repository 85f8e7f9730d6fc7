package dev.ltocheck.llvm;

import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMMetadataRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.bytedeco.llvm.global.LLVM.LLVMAddNamedMetadataOperand;
import static org.bytedeco.llvm.global.LLVM.LLVMConstInt;
import static org.bytedeco.llvm.global.LLVM.LLVMIntTypeInContext;
import static org.bytedeco.llvm.global.LLVM.LLVMMDNodeInContext2;
import static org.bytedeco.llvm.global.LLVM.LLVMMDStringInContext2;
import static org.bytedeco.llvm.global.LLVM.LLVMMetadataAsValue;
import static org.bytedeco.llvm.global.LLVM.LLVMValueAsMetadata;

/**
 * Builds module flags into a module from their trees, as raw {@code !llvm.module.flags} entries,
 * behaviour numbers as they are (the C API's flag functions cannot express Max and Min).
 *
 * <p>A {@link FlagValue.Constant} (a global's address, a float) cannot be rebuilt in a stub
 * module that has no such global; it becomes an MDString of a text no compiler writes, which
 * merges as the constant does (equal to itself, different from anything else) and
 * {@link #original} turns back into the constant when the merged flags are read.
 * {@link FlagValue.Damaged} values never get here: {@code FlagVerifier} stops them first.
 */
final class FlagMetadata {
    private static final String CONSTANT_PREFIX = "\u0000ltocheck constant\u0000";

    private FlagMetadata() {
    }

    static void addFlags(LLVMContextRef context, LLVMModuleRef module, List<ModuleFlag> flags) {
        for (ModuleFlag flag : flags) {
            LLVMMetadataRef[] ops = {
                    integer(context, 32, flag.behavior()),
                    string(context, flag.key().getBytes(StandardCharsets.UTF_8)),
                    value(context, flag.value())};
            LLVMAddNamedMetadataOperand(module, "llvm.module.flags", LLVMMetadataAsValue(context, node(context, ops)));
        }
    }

    // Trees are bounded (FlagValue.Limits), so is this recursion.
    private static LLVMMetadataRef value(LLVMContextRef context, FlagValue value) {
        if (value instanceof FlagValue.Int i) {
            return integer(context, i.width(), i.value());
        }
        if (value instanceof FlagValue.Str s) {
            return string(context, s.bytes());
        }
        if (value instanceof FlagValue.Node n) {
            LLVMMetadataRef[] ops = new LLVMMetadataRef[n.operands().size()];
            for (int k = 0; k < ops.length; k++) {
                ops[k] = value(context, n.operands().get(k));
            }
            return node(context, ops);
        }
        if (value instanceof FlagValue.Null) {
            return null;
        }
        if (value instanceof FlagValue.Constant c) {
            return string(context, (CONSTANT_PREFIX + c.text()).getBytes(StandardCharsets.UTF_8));
        }
        throw new IllegalArgumentException("a damaged flag value reached LLVM: " + value.llvmText());
    }

    /** Flags read back from a stub module, with the stand-ins for constants replaced by the constants. */
    static List<ModuleFlag> originals(List<ModuleFlag> read) {
        return read.stream().map(f -> new ModuleFlag(f.behavior(), f.key(), original(f.value()))).toList();
    }

    private static FlagValue original(FlagValue read) {
        if (read instanceof FlagValue.Str s && s.text().startsWith(CONSTANT_PREFIX)) {
            return new FlagValue.Constant(s.text().substring(CONSTANT_PREFIX.length()));
        }
        if (read instanceof FlagValue.Node n) {
            return new FlagValue.Node(n.operands().stream().map(FlagMetadata::original).toList());
        }
        return read;
    }

    private static LLVMMetadataRef integer(LLVMContextRef context, int bits, long value) {
        return LLVMValueAsMetadata(LLVMConstInt(LLVMIntTypeInContext(context, bits), value, 1));
    }

    private static LLVMMetadataRef string(LLVMContextRef context, byte[] bytes) {
        return LLVMMDStringInContext2(context, new BytePointer(bytes), bytes.length);
    }

    private static LLVMMetadataRef node(LLVMContextRef context, LLVMMetadataRef[] ops) {
        try (PointerPointer<LLVMMetadataRef> pointers = new PointerPointer<>(ops.length)) {
            for (int i = 0; i < ops.length; i++) {
                pointers.put(i, ops[i]);
            }
            return LLVMMDNodeInContext2(context, pointers, ops.length);
        }
    }
}
