package dev.ltocheck.modules;

import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.input.ObjectFormat;
import dev.ltocheck.llvm.FlagsReadBy;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.summary.ModuleSummary;

/** What became of one object of the link. */
public sealed interface LoadedObject {

    InputObject input();

    default ModuleId id() {
        return input().id();
    }

    /**
     * A bitcode module: takes part in LTO.
     *
     * @param facts          what LLVM's C API reads (module flags, triple, source_filename)
     * @param summary        what our own reader decodes of its module records and ThinLTO summary
     * @param llvmRefused    why LLVM could not read the module, so that ltocheck's own readers stood
     *                       in for it; null when LLVM read it
     * @param readBy         which reader gave {@code facts}: LLVM (and why it read this member), or
     *                       ltocheck's own reader only (a member whose flag set LLVM read elsewhere,
     *                       or one LLVM refused)
     */
    record BitcodeModule(InputObject input, ModuleFacts facts, ModuleSummary summary, String llvmRefused,
                         FlagsReadBy readBy) implements LoadedObject {

        /** A module LLVM read (or, with {@code llvmRefused}, tried to). */
        public BitcodeModule(InputObject input, ModuleFacts facts, ModuleSummary summary, String llvmRefused) {
            this(input, facts, summary, llvmRefused, FlagsReadBy.LLVM_ALL);
        }

        /** True when LLVM itself gave these facts. */
        public boolean llvmConfirmed() {
            return llvmRefused == null && readBy.byLlvm();
        }
    }

    /** A native object (ELF): linked as is, never imports or exports through ThinLTO. */
    record NativeObject(InputObject input, ObjectFormat format) implements LoadedObject {
    }

    /** An object that could not be read; the reason names what was wrong. */
    record Unreadable(InputObject input, String reason) implements LoadedObject {
    }
}
