package dev.ltocheck.llvm;

import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.llvm.global.LLVM.LLVMConstIntGetSExtValue;
import static org.bytedeco.llvm.global.LLVM.LLVMConstIntGetZExtValue;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeMessage;
import static org.bytedeco.llvm.global.LLVM.LLVMGetIntTypeWidth;
import static org.bytedeco.llvm.global.LLVM.LLVMGetMDNodeNumOperands;
import static org.bytedeco.llvm.global.LLVM.LLVMGetMDNodeOperands;
import static org.bytedeco.llvm.global.LLVM.LLVMGetMDString;
import static org.bytedeco.llvm.global.LLVM.LLVMGetNamedMetadataNumOperands;
import static org.bytedeco.llvm.global.LLVM.LLVMGetNamedMetadataOperands;
import static org.bytedeco.llvm.global.LLVM.LLVMIsAConstantInt;
import static org.bytedeco.llvm.global.LLVM.LLVMIsAMDNode;
import static org.bytedeco.llvm.global.LLVM.LLVMIsAMDString;
import static org.bytedeco.llvm.global.LLVM.LLVMPrintValueToString;
import static org.bytedeco.llvm.global.LLVM.LLVMTypeOf;

/**
 * Reads {@code !llvm.module.flags} from its raw operands.
 *
 * <p>Not through {@code LLVMCopyModuleFlagsMetadata}: its C enum has no Max (7) or Min (8), and
 * every clang 20 module carries such flags ('PIC Level', 'PIE Level', 'uwtable').
 */
final class ModuleFlagReader {
    private static final String MODULE_FLAGS = "llvm.module.flags";
    private static final int MAX_NESTING = 16;

    private ModuleFlagReader() {
    }

    static List<ModuleFlag> read(LLVMModuleRef module) throws BitcodeLoadException {
        int count = LLVMGetNamedMetadataNumOperands(module, MODULE_FLAGS);
        if (count == 0) {
            return List.of();
        }
        List<ModuleFlag> flags = new ArrayList<>(count);
        try (PointerPointer<LLVMValueRef> entries = new PointerPointer<>(count)) {
            LLVMGetNamedMetadataOperands(module, MODULE_FLAGS, entries);
            for (int i = 0; i < count; i++) {
                flags.add(readEntry(entries.get(LLVMValueRef.class, i), i));
            }
        }
        return List.copyOf(flags);
    }

    private static ModuleFlag readEntry(LLVMValueRef entry, int index) throws BitcodeLoadException {
        LLVMValueRef[] ops = operands(entry);
        if (ops.length != 3 || ops[0] == null || LLVMIsAConstantInt(ops[0]) == null
                || ops[1] == null || LLVMIsAMDString(ops[1]) == null) {
            throw new BitcodeLoadException("!llvm.module.flags entry " + index
                    + " is not {i32 behavior, !\"key\", value}");
        }
        int behavior = (int) LLVMConstIntGetZExtValue(ops[0]);
        String key = mdString(ops[1]);
        return new ModuleFlag(behavior, key, value(ops[2]));
    }

    private static FlagValue value(LLVMValueRef v) {
        if (v != null && LLVMIsAConstantInt(v) != null) {
            int bits = LLVMGetIntTypeWidth(LLVMTypeOf(v));
            long value = bits == 1 ? LLVMConstIntGetZExtValue(v) : LLVMConstIntGetSExtValue(v);
            return new FlagValue.IntValue(bits, value);
        }
        if (v != null && LLVMIsAMDString(v) != null) {
            return new FlagValue.StringValue(mdString(v));
        }
        return new FlagValue.NodeValue(render(v, 0));
    }

    /** Metadata in llvm-dis's inline syntax, nested tuples expanded (they are numbered there). */
    private static String render(LLVMValueRef v, int depth) {
        if (v == null) {
            return "null";
        }
        if (LLVMIsAConstantInt(v) != null) {
            return value(v).llvmText();
        }
        if (LLVMIsAMDString(v) != null) {
            return new FlagValue.StringValue(mdString(v)).llvmText();
        }
        if (LLVMIsAMDNode(v) != null && depth < MAX_NESTING) {
            StringBuilder out = new StringBuilder("!{");
            LLVMValueRef[] ops = operands(v);
            for (int i = 0; i < ops.length; i++) {
                out.append(i == 0 ? "" : ", ").append(render(ops[i], depth + 1));
            }
            return out.append('}').toString();
        }
        BytePointer printed = LLVMPrintValueToString(v);
        String text = printed.getString();
        LLVMDisposeMessage(printed);
        return text;
    }

    private static LLVMValueRef[] operands(LLVMValueRef node) {
        int n = LLVMGetMDNodeNumOperands(node);
        LLVMValueRef[] result = new LLVMValueRef[n];
        if (n == 0) {
            return result;
        }
        try (PointerPointer<LLVMValueRef> ops = new PointerPointer<>(n)) {
            LLVMGetMDNodeOperands(node, ops);
            for (int i = 0; i < n; i++) {
                LLVMValueRef op = ops.get(LLVMValueRef.class, i);
                result[i] = op == null || op.isNull() ? null : op;
            }
        }
        return result;
    }

    private static String mdString(LLVMValueRef v) {
        try (IntPointer length = new IntPointer(1)) {
            BytePointer chars = LLVMGetMDString(v, length);
            if (chars == null || chars.isNull()) {
                return "";
            }
            byte[] bytes = new byte[length.get()];
            chars.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
