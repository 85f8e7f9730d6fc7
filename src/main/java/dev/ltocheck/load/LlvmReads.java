package dev.ltocheck.load;

/** Which members LLVM's C API reads ({@code --llvm-reads}). */
public enum LlvmReads {
    /**
     * The members whose flags decide a verdict: one representative per distinct flag set (compared
     * with ltocheck's reader tree for tree), every member ltocheck's reader flags as unusual, and,
     * before a finding is printed, every module it names. The rest are read by ltocheck only.
     */
    NEEDED,
    /** Every member, each also compared with ltocheck's reader: the slow, belt-and-braces mode. */
    ALL
}
