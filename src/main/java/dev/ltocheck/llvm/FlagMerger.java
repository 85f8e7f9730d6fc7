package dev.ltocheck.llvm;

import dev.ltocheck.flags.ModuleFlag;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.llvm.global.LLVM.LLVMContextCreate;
import static org.bytedeco.llvm.global.LLVM.LLVMContextDispose;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeModule;
import static org.bytedeco.llvm.global.LLVM.LLVMLinkModules2;
import static org.bytedeco.llvm.global.LLVM.LLVMModuleCreateWithNameInContext;

/**
 * Asks LLVM's own IRMover how module flags merge: stub modules that carry only the flags, named
 * as lld names the modules, linked with {@code LLVMLinkModules2}. The error text is the one lld
 * prints after "Function Import: link error: " (or alone, for full LTO's ld-temp.o).
 *
 * <p>Owns one LLVMContext: use on one thread, then close.
 */
public final class FlagMerger implements FlagMerging {
    /** A module's name and flags. */
    public record NamedFlags(String name, List<ModuleFlag> flags) {
    }

    /**
     * One source merged into the destination.
     *
     * @param error      LLVM's error text, or null when the merge succeeded
     * @param warnings   LLVM's warnings (Warning-behaviour mismatches)
     * @param flagsAfter the destination's flags after the merge (unchanged after an error)
     */
    public record Step(String source, String error, List<String> warnings, List<ModuleFlag> flagsAfter) {
        public boolean failed() {
            return error != null;
        }
    }

    // Made on the first merge: a link whose modules all agree never loads libLLVM for this.
    private LLVMContextRef context;

    public FlagMerger() {
    }

    private LLVMContextRef context() {
        if (context == null) {
            context = LLVMContextCreate();
            LlvmDiagnostics.install(context);
        }
        return context;
    }

    /**
     * Merges the sources into the destination one after another, as IRMover does during an
     * import (sources in the order given), and stops after the first that fails.
     */
    public List<Step> mergeSequence(NamedFlags destination, List<NamedFlags> sources) throws BitcodeLoadException {
        LLVMModuleRef dest = stub(destination);
        List<Step> steps = new ArrayList<>();
        List<ModuleFlag> current = destination.flags();
        try {
            for (NamedFlags source : sources) {
                LlvmDiagnostics.drain();
                // LLVMLinkModules2 takes and destroys the source module, whatever the outcome.
                boolean failed = LLVMLinkModules2(dest, stub(source)) != 0;
                List<LlvmDiagnostics.Diagnostic> diagnostics = LlvmDiagnostics.drain();
                List<String> warnings = diagnostics.stream()
                        .filter(d -> d.severity() == LlvmDiagnostics.Severity.WARNING)
                        .map(LlvmDiagnostics.Diagnostic::message).toList();
                if (failed) {
                    steps.add(new Step(source.name(), LlvmDiagnostics.errorText(diagnostics, "module flags do not merge"),
                            warnings, current));
                    break;
                }
                current = FlagMetadata.originals(ModuleFlagReader.read(dest));
                steps.add(new Step(source.name(), null, warnings, current));
            }
        } finally {
            LLVMDisposeModule(dest);
        }
        return steps;
    }

    /** Merges one source into one destination. */
    public Step merge(NamedFlags destination, NamedFlags source) throws BitcodeLoadException {
        return mergeSequence(destination, List.of(source)).get(0);
    }

    private LLVMModuleRef stub(NamedFlags flags) {
        LLVMModuleRef module = LLVMModuleCreateWithNameInContext(new BytePointer(flags.name()), context());
        FlagMetadata.addFlags(context(), module, flags.flags());
        return module;
    }

    @Override
    public void close() {
        if (context != null) {
            LLVMContextDispose(context);
        }
    }
}
