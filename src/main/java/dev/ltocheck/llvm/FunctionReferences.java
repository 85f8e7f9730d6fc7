package dev.ltocheck.llvm;

import java.util.List;

/**
 * What one function definition refers to, as its IR shows it.
 *
 * @param fentry         compiled with -pg -mfentry ({@code "fentry-call"="true"}): codegen adds a call to __fentry__
 * @param entryHook      {@code "instrument-function-entry(-inlined)"}'s function (mcount, __cyg_profile_func_enter), or null
 * @param stackProtector sspreq, or ssp/sspstrong with a stack object: codegen adds a call of __stack_chk_fail
 * @param references     every function it calls or takes the address of, in order of first appearance
 */
public record FunctionReferences(String name, String section, boolean local, boolean fentry, String entryHook,
                                 boolean stackProtector, List<Reference> references) {

    /**
     * @param call       a call (else the address is taken)
     * @param intrinsic  an llvm.mem* intrinsic, which codegen may lower to a call of memcpy/memmove/memset
     * @param sites      how many times
     */
    public record Reference(String target, boolean call, boolean intrinsic, int sites) {
    }
}
