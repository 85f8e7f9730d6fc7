package dev.ltocheck.sections;

import dev.ltocheck.imports.Import;

/**
 * A reference from a function in a confined section to a function outside it.
 *
 * @param object        lld's name of the module holding the caller
 * @param targetSection the target's section ({@code .text} when it has none), or null when no bitcode module defines it
 * @param call          a call (else the address is taken)
 * @param fromCodegen   added by codegen because of an attribute (ftrace, stack protector), not in the IR
 * @param fromIntrinsic an llvm.mem* intrinsic that codegen may lower to this call
 * @param imported      ThinLTO imports the target into the caller's module, so it may be inlined: or null
 */
public record SectionReference(String object, String caller, String callerSection, String target, String targetSection,
                               Category category, boolean call, boolean fromCodegen, boolean fromIntrinsic, int sites,
                               Import imported) {

    /** modpost's words. */
    public String modpostLine() {
        return "section mismatch in reference: " + caller + " (section: " + callerSection + ") -> " + target
                + (targetSection == null ? " (undefined)" : " (section: " + targetSection + ")");
    }
}
