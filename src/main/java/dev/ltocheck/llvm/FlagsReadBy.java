package dev.ltocheck.llvm;

/**
 * Which reader gave a bitcode module's facts (module flags, triple, source_filename), and why
 * LLVM read it when it did. Kept in the member cache, so that a report says the same with and
 * without it.
 */
public enum FlagsReadBy {
    /** ltocheck's own reader only: its flag set equals one LLVM read for another member. */
    LTOCHECK(0),
    /** LLVM: the first member (link order) of a distinct flag set, compared with ltocheck's reader tree for tree. */
    LLVM_REPRESENTATIVE(1),
    /** LLVM: ltocheck's reader flagged the member (a value kind or behaviour it does not model, a newer producer). */
    LLVM_UNUSUAL(2),
    /** LLVM: every member is read through LLVM ({@code --llvm-reads all}, or after the readers disagreed). */
    LLVM_ALL(3),
    /** LLVM: the module is named in a finding. */
    LLVM_FINDING(4),
    /**
     * ltocheck's own reader only: LLVM was to read it, but the module holds debug information,
     * which libLLVM does not read in process (its reader trusts every operand's kind).
     */
    LTOCHECK_DEBUG_INFO(5);

    private final int code;

    FlagsReadBy(int code) {
        this.code = code;
    }

    /** The number the member cache stores. */
    public int code() {
        return code;
    }

    public static FlagsReadBy ofCode(int code) {
        for (FlagsReadBy r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("no reader with code " + code);
    }

    public boolean byLlvm() {
        return this != LTOCHECK && this != LTOCHECK_DEBUG_INFO;
    }
}
