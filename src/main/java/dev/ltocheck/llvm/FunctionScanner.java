package dev.ltocheck.llvm;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.llvm.LLVM.LLVMAttributeRef;
import org.bytedeco.llvm.LLVM.LLVMBasicBlockRef;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMMemoryBufferRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.bytedeco.llvm.global.LLVM.*;

/**
 * Reads function bodies through the C API (a full parse: lazy loading leaves bodies unread) and
 * reports, for functions in the sections asked about, every function they call or whose address
 * they take, and the attributes that make codegen add calls of its own.
 */
public final class FunctionScanner implements AutoCloseable {
    private final LLVMContextRef context;

    public FunctionScanner() {
        context = LLVMContextCreate();
        LlvmDiagnostics.install(context);
    }

    public List<FunctionReferences> scan(ByteBuffer bitcode, String name, Predicate<String> sections)
            throws BitcodeLoadException {
        LlvmDiagnostics.drain();
        LLVMMemoryBufferRef buffer = LLVMCreateMemoryBufferWithMemoryRange(new BytePointer(bitcode.slice()),
                bitcode.remaining(), new BytePointer(name), 0);
        LLVMModuleRef module = new LLVMModuleRef();
        try {
            // LLVMParseBitcodeInContext2 reads the buffer but does not take it.
            if (LLVMParseBitcodeInContext2(context, buffer, module) != 0 || module.isNull()) {
                throw new BitcodeLoadException(LlvmDiagnostics.errorText(LlvmDiagnostics.drain(),
                        "LLVM could not parse the bitcode"));
            }
            try {
                List<FunctionReferences> result = new ArrayList<>();
                for (LLVMValueRef f = LLVMGetFirstFunction(module); f != null && !f.isNull(); f = LLVMGetNextFunction(f)) {
                    BytePointer section = LLVMGetSection(f);
                    String sectionName = section == null || section.isNull() ? "" : section.getString();
                    if (LLVMIsDeclaration(f) == 0 && sections.test(sectionName)) {
                        result.add(describe(f, sectionName));
                    }
                }
                return result;
            } finally {
                LLVMDisposeModule(module);
            }
        } finally {
            LLVMDisposeMemoryBuffer(buffer);
        }
    }

    private FunctionReferences describe(LLVMValueRef f, String section) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, boolean[]> kinds = new LinkedHashMap<>();
        boolean stackObjects = false;
        for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b != null && !b.isNull(); b = LLVMGetNextBasicBlock(b)) {
            for (LLVMValueRef i = LLVMGetFirstInstruction(b); i != null && !i.isNull(); i = LLVMGetNextInstruction(i)) {
                stackObjects |= LLVMIsAAllocaInst(i) != null;
                boolean isCall = LLVMIsACallInst(i) != null || LLVMIsAInvokeInst(i) != null || LLVMIsACallBrInst(i) != null;
                LLVMValueRef callee = isCall ? LLVMGetCalledValue(i) : null;
                if (callee != null && LLVMIsAFunction(callee) != null) {
                    String target = valueName(callee);
                    if (LLVMGetIntrinsicID(callee) != 0) {
                        String lowered = loweredIntrinsic(target);
                        if (lowered != null) {
                            add(counts, kinds, lowered, true, true);
                        }
                    } else {
                        add(counts, kinds, target, true, false);
                    }
                }
                int operands = LLVMGetNumOperands(i);
                for (int o = 0; o < operands; o++) {
                    LLVMValueRef op = LLVMGetOperand(i, o);
                    if (op != null && !op.isNull() && LLVMIsAFunction(op) != null && !op.equals(callee)
                            && LLVMGetIntrinsicID(op) == 0) {
                        add(counts, kinds, valueName(op), false, false);
                    }
                }
            }
        }
        List<FunctionReferences.Reference> references = new ArrayList<>();
        counts.forEach((target, n) -> references.add(new FunctionReferences.Reference(target, kinds.get(target)[0],
                kinds.get(target)[1], n[0])));
        int linkage = LLVMGetLinkage(f);
        boolean local = linkage == LLVMInternalLinkage || linkage == LLVMPrivateLinkage;
        String hook = stringAttribute(f, "instrument-function-entry-inlined");
        if (hook == null) {
            hook = stringAttribute(f, "instrument-function-entry");
        }
        // sspreq always gets a canary; ssp and sspstrong only with a stack object left after optimisation.
        boolean ssp = enumAttribute(f, "sspreq")
                || (stackObjects && (enumAttribute(f, "ssp") || enumAttribute(f, "sspstrong")));
        return new FunctionReferences(valueName(f), section, local, "true".equals(stringAttribute(f, "fentry-call")),
                hook, ssp, List.copyOf(references));
    }

    private static void add(Map<String, int[]> counts, Map<String, boolean[]> kinds, String target, boolean call,
                            boolean intrinsic) {
        counts.computeIfAbsent(target, k -> new int[1])[0]++;
        boolean[] k = kinds.computeIfAbsent(target, x -> new boolean[]{call, intrinsic});
        k[0] |= call;
    }

    /** llvm.memcpy.* and friends become calls of the C functions when not expanded inline. */
    private static String loweredIntrinsic(String name) {
        for (String f : new String[]{"memcpy", "memmove", "memset"}) {
            if (name.startsWith("llvm." + f + ".") || name.equals("llvm." + f)) {
                return f;
            }
        }
        return null;
    }

    private String stringAttribute(LLVMValueRef f, String key) {
        LLVMAttributeRef a = LLVMGetStringAttributeAtIndex(f, LLVMAttributeFunctionIndex, key, key.length());
        if (a == null || a.isNull()) {
            return null;
        }
        try (org.bytedeco.javacpp.IntPointer length = new org.bytedeco.javacpp.IntPointer(1)) {
            BytePointer value = LLVMGetStringAttributeValue(a, length);
            byte[] bytes = new byte[length.get()];
            value.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private boolean enumAttribute(LLVMValueRef f, String name) {
        int kind = LLVMGetEnumAttributeKindForName(name, name.length());
        LLVMAttributeRef a = LLVMGetEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, kind);
        return a != null && !a.isNull();
    }

    private static String valueName(LLVMValueRef v) {
        try (SizeTPointer length = new SizeTPointer(1)) {
            BytePointer chars = LLVMGetValueName2(v, length);
            byte[] bytes = new byte[(int) length.get()];
            chars.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        LLVMContextDispose(context);
    }
}
