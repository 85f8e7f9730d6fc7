package dev.ltocheck.llvm;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMDiagnosticHandler;
import org.bytedeco.llvm.LLVM.LLVMDiagnosticInfoRef;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.llvm.global.LLVM.LLVMContextSetDiagnosticHandler;
import static org.bytedeco.llvm.global.LLVM.LLVMDSError;
import static org.bytedeco.llvm.global.LLVM.LLVMDSWarning;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeMessage;
import static org.bytedeco.llvm.global.LLVM.LLVMGetDiagInfoDescription;
import static org.bytedeco.llvm.global.LLVM.LLVMGetDiagInfoSeverity;

/**
 * Collects what LLVM reports through a context's diagnostic handler.
 *
 * <p>Without a handler, LLVMContext prints an error diagnostic and calls {@code exit(1)}: one bad
 * member would end the JVM. Every context ltocheck creates gets this handler first. LLVM calls it
 * synchronously on the thread that made the failing call, so messages are kept per thread.
 */
final class LlvmDiagnostics {
    /** One diagnostic: severity and LLVM's description text. */
    record Diagnostic(Severity severity, String message) {
    }

    enum Severity { ERROR, WARNING, REMARK, NOTE }

    private static final ThreadLocal<List<Diagnostic>> PENDING = ThreadLocal.withInitial(ArrayList::new);

    // One native thunk for the whole process: JavaCPP callbacks are a limited resource, and the
    // handler must stay reachable for as long as any context may call it.
    private static final LLVMDiagnosticHandler HANDLER = new LLVMDiagnosticHandler() {
        @Override
        public void call(LLVMDiagnosticInfoRef info, Pointer context) {
            BytePointer description = LLVMGetDiagInfoDescription(info);
            String text = description == null ? "" : description.getString();
            if (description != null) {
                LLVMDisposeMessage(description);
            }
            int severity = LLVMGetDiagInfoSeverity(info);
            PENDING.get().add(new Diagnostic(severity == LLVMDSError ? Severity.ERROR
                    : severity == LLVMDSWarning ? Severity.WARNING
                    : severity == 2 ? Severity.REMARK : Severity.NOTE, text));
        }
    };

    private LlvmDiagnostics() {
    }

    static void install(LLVMContextRef context) {
        LLVMContextSetDiagnosticHandler(context, HANDLER, null);
    }

    /** Returns and forgets what this thread's LLVM calls reported since the last call. */
    static List<Diagnostic> drain() {
        List<Diagnostic> pending = PENDING.get();
        List<Diagnostic> copy = List.copyOf(pending);
        pending.clear();
        return copy;
    }

    static String errorText(List<Diagnostic> diagnostics, String fallback) {
        return diagnostics.stream()
                .filter(d -> d.severity() == Severity.ERROR)
                .map(Diagnostic::message)
                .reduce((a, b) -> a + "; " + b)
                .orElse(fallback);
    }
}
