package dev.ltocheck.llvm;

import dev.ltocheck.flags.FlagTreeBuilder;
import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.LlvmEscaping;
import dev.ltocheck.flags.ModuleFlag;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.bytedeco.llvm.global.LLVM.LLVMConstIntGetZExtValue;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeMessage;
import static org.bytedeco.llvm.global.LLVM.LLVMGetIntTypeWidth;
import static org.bytedeco.llvm.global.LLVM.LLVMGetMDNodeNumOperands;
import static org.bytedeco.llvm.global.LLVM.LLVMGetMDNodeOperands;
import static org.bytedeco.llvm.global.LLVM.LLVMGetMDString;
import static org.bytedeco.llvm.global.LLVM.LLVMGetNamedMetadataNumOperands;
import static org.bytedeco.llvm.global.LLVM.LLVMGetNamedMetadataOperands;
import static org.bytedeco.llvm.global.LLVM.LLVMGetMetadataKind;
import static org.bytedeco.llvm.global.LLVM.LLVMGetValueName2;
import static org.bytedeco.llvm.global.LLVM.LLVMIsAConstant;
import static org.bytedeco.llvm.global.LLVM.LLVMIsAConstantInt;
import static org.bytedeco.llvm.global.LLVM.LLVMIsAGlobalValue;
import static org.bytedeco.llvm.global.LLVM.LLVMConstantAsMetadataMetadataKind;
import static org.bytedeco.llvm.global.LLVM.LLVMMDTupleMetadataKind;
import static org.bytedeco.llvm.global.LLVM.LLVMPrintTypeToString;
import static org.bytedeco.llvm.global.LLVM.LLVMValueAsMetadata;
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

    /** The value operand as a tree, bounded as {@link FlagTreeBuilder} bounds every reader's. */
    static FlagValue value(LLVMValueRef v) {
        return FlagTreeBuilder.build(GRAPH, v);
    }

    private static final FlagTreeBuilder.Graph<LLVMValueRef> GRAPH = new FlagTreeBuilder.Graph<>() {
        @Override
        public FlagValue leaf(LLVMValueRef v) {
            if (v == null) {
                return new FlagValue.Null();
            }
            if (LLVMIsAMDString(v) != null) {
                return new FlagValue.Str(mdBytes(v));
            }
            if (LLVMIsAMDNode(v) != null) {
                // Only tuples are flag values; a debug-info node (also an MDNode) is something else.
                // MetadataAsValue collapses a tuple of one constant, !{i32 1}, to the constant's
                // metadata; the C API still gives it as a node of one operand, which it is. (It also
                // turns !{null} into !{}, which no reader through the C API can tell apart.)
                int kind = LLVMGetMetadataKind(LLVMValueAsMetadata(v));
                return kind == LLVMMDTupleMetadataKind || kind == LLVMConstantAsMetadataMetadataKind ? null
                        : new FlagValue.Damaged("metadata of another kind");
            }
            if (LLVMIsAConstantInt(v) != null) {
                int width = LLVMGetIntTypeWidth(LLVMTypeOf(v));
                if (width <= 64) {
                    return new FlagValue.Int(width, LLVMConstIntGetZExtValue(v));
                }
            }
            if (LLVMIsAConstant(v) != null) {
                return new FlagValue.Constant(constantText(v));
            }
            return new FlagValue.Damaged("metadata of another kind");
        }

        @Override
        public Object identity(LLVMValueRef v) {
            return v.address(); // MetadataAsValue is unique per metadata node
        }

        @Override
        public int operandCount(LLVMValueRef tuple) {
            return LLVMGetMDNodeNumOperands(tuple);
        }

        @Override
        public List<LLVMValueRef> operands(LLVMValueRef tuple) {
            return Arrays.asList(ModuleFlagReader.operands(tuple));
        }
    };

    // A global prints as an operand (ptr @f), not as its definition, which is what
    // LLVMPrintValueToString gives for a function; other constants print as "type value".
    private static String constantText(LLVMValueRef v) {
        if (LLVMIsAGlobalValue(v) != null) {
            return message(LLVMPrintTypeToString(LLVMTypeOf(v))) + " @" + globalName(v);
        }
        return message(LLVMPrintValueToString(v));
    }

    private static String globalName(LLVMValueRef v) {
        try (SizeTPointer length = new SizeTPointer(1)) {
            BytePointer chars = LLVMGetValueName2(v, length);
            byte[] bytes = new byte[(int) length.get()];
            if (chars != null && !chars.isNull()) {
                chars.get(bytes);
            }
            boolean plain = bytes.length > 0 && !Character.isDigit(bytes[0]);
            for (byte b : bytes) {
                plain &= Character.isLetterOrDigit(b) || b == '-' || b == '$' || b == '.' || b == '_';
            }
            return plain ? new String(bytes, StandardCharsets.US_ASCII) : "\"" + LlvmEscaping.escape(bytes) + "\"";
        }
    }

    private static String message(BytePointer printed) {
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
        return new String(mdBytes(v), StandardCharsets.UTF_8);
    }

    private static byte[] mdBytes(LLVMValueRef v) {
        try (IntPointer length = new IntPointer(1)) {
            BytePointer chars = LLVMGetMDString(v, length);
            if (chars == null || chars.isNull()) {
                return new byte[0];
            }
            byte[] bytes = new byte[length.get()];
            chars.get(bytes);
            return bytes;
        }
    }
}
