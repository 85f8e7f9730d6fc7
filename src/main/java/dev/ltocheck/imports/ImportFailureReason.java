package dev.ltocheck.imports;

/** {@code FunctionImporter::ImportFailureReason}, under LLVM's names. */
public enum ImportFailureReason {
    /** No failure. */
    NONE("None"),
    /** The callee GUID names a variable (GUID collision or stale profile edge). */
    GLOBAL_VAR("GlobalVar"),
    /** Dead after the thin link's liveness analysis. */
    NOT_LIVE("NotLive"),
    /** More instructions than the threshold at that point of the call chain. */
    TOO_LARGE("TooLarge"),
    /** weak, linkonce, common or extern_weak: another definition may win. */
    INTERPOSABLE_LINKAGE("InterposableLinkage"),
    /** A local with copies in several modules, and this one is not the caller's. */
    LOCAL_LINKAGE_NOT_IN_MODULE("LocalLinkageNotInModule"),
    /** Marked not eligible by the compiler (section on a local, inline asm with used locals, ...). */
    NOT_ELIGIBLE("NotEligible"),
    /** {@code noinline}: importing would be pointless. */
    NO_INLINE("NoInline");

    private final String llvmName;

    ImportFailureReason(String llvmName) {
        this.llvmName = llvmName;
    }

    public String llvmName() {
        return llvmName;
    }

    /** LLVM's enumerator value (None = 0 ... NoInline = 7): a stable code for stored results. */
    public int code() {
        return ordinal(); // declared in LLVM's order; the order is part of this type's contract
    }

    public static ImportFailureReason ofCode(int code) {
        ImportFailureReason[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("import failure reason " + code);
        }
        return all[code];
    }
}
