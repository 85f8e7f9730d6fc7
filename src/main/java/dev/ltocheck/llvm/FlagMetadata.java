package dev.ltocheck.llvm;

import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMMetadataRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.llvm.global.LLVM.LLVMAddNamedMetadataOperand;
import static org.bytedeco.llvm.global.LLVM.LLVMConstInt;
import static org.bytedeco.llvm.global.LLVM.LLVMIntTypeInContext;
import static org.bytedeco.llvm.global.LLVM.LLVMMDNodeInContext2;
import static org.bytedeco.llvm.global.LLVM.LLVMMDStringInContext2;
import static org.bytedeco.llvm.global.LLVM.LLVMMetadataAsValue;
import static org.bytedeco.llvm.global.LLVM.LLVMValueAsMetadata;

/**
 * Writes module flags into a module as raw {@code !llvm.module.flags} entries, behaviour numbers
 * as they are (the C API's flag functions cannot express Max and Min).
 */
final class FlagMetadata {
    private FlagMetadata() {
    }

    static void addFlags(LLVMContextRef context, LLVMModuleRef module, List<ModuleFlag> flags) {
        for (ModuleFlag flag : flags) {
            LLVMMetadataRef[] ops = {
                    integer(context, 32, flag.behavior()),
                    string(context, flag.key()),
                    value(context, flag.value())};
            LLVMAddNamedMetadataOperand(module, "llvm.module.flags", LLVMMetadataAsValue(context, node(context, ops)));
        }
    }

    private static LLVMMetadataRef value(LLVMContextRef context, FlagValue value) {
        if (value instanceof FlagValue.IntValue i) {
            return integer(context, i.bits(), i.value());
        }
        if (value instanceof FlagValue.StringValue s) {
            return string(context, s.text());
        }
        return new Parser(context, value.llvmText()).parse();
    }

    private static LLVMMetadataRef integer(LLVMContextRef context, int bits, long value) {
        return LLVMValueAsMetadata(LLVMConstInt(LLVMIntTypeInContext(context, bits), value, 1));
    }

    private static LLVMMetadataRef string(LLVMContextRef context, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return LLVMMDStringInContext2(context, new org.bytedeco.javacpp.BytePointer(utf8), utf8.length);
    }

    private static LLVMMetadataRef node(LLVMContextRef context, LLVMMetadataRef[] ops) {
        try (PointerPointer<LLVMMetadataRef> pointers = new PointerPointer<>(ops.length)) {
            for (int i = 0; i < ops.length; i++) {
                pointers.put(i, ops[i]);
            }
            return LLVMMDNodeInContext2(context, pointers, ops.length);
        }
    }

    /** Reads back the inline metadata text ModuleFlagReader renders: i32 N, !"s", !{...}, null. */
    private static final class Parser {
        private final LLVMContextRef context;
        private final String text;
        private int at;

        Parser(LLVMContextRef context, String text) {
            this.context = context;
            this.text = text;
        }

        LLVMMetadataRef parse() {
            LLVMMetadataRef result = item();
            return result == null ? string(context, text) : result;
        }

        private LLVMMetadataRef item() {
            if (text.startsWith("!{", at)) {
                at += 2;
                List<LLVMMetadataRef> ops = new ArrayList<>();
                while (at < text.length() && text.charAt(at) != '}') {
                    LLVMMetadataRef op = item();
                    if (op == null && !text.startsWith("null", at - 4)) {
                        return null;
                    }
                    ops.add(op);
                    if (text.startsWith(", ", at)) {
                        at += 2;
                    }
                }
                at++;
                return node(context, ops.toArray(LLVMMetadataRef[]::new));
            }
            if (text.startsWith("!\"", at)) {
                int end = text.indexOf('"', at + 2);
                if (end < 0) {
                    return null;
                }
                String escaped = text.substring(at + 2, end);
                at = end + 1;
                return string(context, unescape(escaped));
            }
            if (text.startsWith("null", at)) {
                at += 4;
                return null;
            }
            if (text.startsWith("i", at)) {
                int space = text.indexOf(' ', at);
                int end = at;
                while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '}') {
                    end++;
                }
                if (space < 0 || space > end) {
                    return null;
                }
                try {
                    int bits = Integer.parseInt(text.substring(at + 1, space));
                    String number = text.substring(space + 1, end);
                    long value = number.equals("true") ? 1 : number.equals("false") ? 0 : Long.parseLong(number);
                    at = end;
                    return integer(context, bits, value);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }

        private static String unescape(String s) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 2 < s.length()) {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    out.write(c);
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
