package dev.ltocheck.modules;

import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.input.ObjectFormat;
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
     */
    record BitcodeModule(InputObject input, ModuleFacts facts, ModuleSummary summary, String llvmRefused)
            implements LoadedObject {
    }

    /** A native object (ELF): linked as is, never imports or exports through ThinLTO. */
    record NativeObject(InputObject input, ObjectFormat format) implements LoadedObject {
    }

    /** An object that could not be read; the reason names what was wrong. */
    record Unreadable(InputObject input, String reason) implements LoadedObject {
    }
}
