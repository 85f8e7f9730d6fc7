package dev.ltocheck.report;

import dev.ltocheck.llvm.FlagsReadBy;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;

/**
 * Why a module a finding names has flags that LLVM did not confirm: said wherever the finding
 * names it, in text as a note after its value, in JSON and SARIF as {@code readByLtocheckOnly}.
 */
public enum ReadByLtocheckOnly {
    /** LLVM 20 refused the module (bitcode from a newer LLVM): ltocheck's own readers read it. */
    LLVM_REFUSED("llvm-refused", " (read by ltocheck only: LLVM refused it)"),
    /**
     * The module carries debug information, which libLLVM does not read in process (the report's
     * LLVM line says so once; a kernel built with -g names such modules on every line, so the note is short).
     */
    DEBUG_INFO("debug-info", " (read by ltocheck only: it carries debug information)");

    private final String json;
    private final String note;

    ReadByLtocheckOnly(String json, String note) {
        this.json = json;
        this.note = note;
    }

    /** The value of {@code readByLtocheckOnly} in JSON and SARIF. */
    public String json() {
        return json;
    }

    /** What a text report says after the module's value. */
    public String note() {
        return note;
    }

    /** Why {@code module}'s flags are ltocheck's reader's only, or null when LLVM read them (or it is unknown). */
    public static ReadByLtocheckOnly of(BitcodeModule module) {
        if (module == null) {
            return null;
        }
        if (module.llvmRefused() != null) {
            return LLVM_REFUSED;
        }
        return module.readBy() == FlagsReadBy.LTOCHECK_DEBUG_INFO ? DEBUG_INFO : null;
    }
}
