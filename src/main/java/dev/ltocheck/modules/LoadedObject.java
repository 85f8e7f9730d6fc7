package dev.ltocheck.modules;

import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.input.ObjectFormat;
import dev.ltocheck.llvm.ModuleFacts;

/** What became of one object of the link. */
public sealed interface LoadedObject {

    InputObject input();

    default ModuleId id() {
        return input().id();
    }

    /** A bitcode module: takes part in LTO. */
    record BitcodeModule(InputObject input, ModuleFacts facts) implements LoadedObject {
    }

    /** A native object (ELF): linked as is, never imports or exports through ThinLTO. */
    record NativeObject(InputObject input, ObjectFormat format) implements LoadedObject {
    }

    /** An object that could not be read; the reason names what was wrong. */
    record Unreadable(InputObject input, String reason) implements LoadedObject {
    }
}
