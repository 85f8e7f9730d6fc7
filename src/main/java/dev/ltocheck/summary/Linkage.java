package dev.ltocheck.summary;

/** {@code GlobalValue::LinkageTypes}, numbered as in memory and in summary flags (not the bitcode encoding). */
public enum Linkage {
    EXTERNAL("external"),
    AVAILABLE_EXTERNALLY("available_externally"),
    LINKONCE_ANY("linkonce"),
    LINKONCE_ODR("linkonce_odr"),
    WEAK_ANY("weak"),
    WEAK_ODR("weak_odr"),
    APPENDING("appending"),
    INTERNAL("internal"),
    PRIVATE("private"),
    EXTERNAL_WEAK("extern_weak"),
    COMMON("common");

    private final String llvmName;

    Linkage(String llvmName) {
        this.llvmName = llvmName;
    }

    public String llvmName() {
        return llvmName;
    }

    public boolean isLocal() {
        return this == INTERNAL || this == PRIVATE;
    }

    /** {@code GlobalValue::isInterposableLinkage}: another definition may replace this one at link time. */
    public boolean isInterposable() {
        return this == WEAK_ANY || this == LINKONCE_ANY || this == COMMON || this == EXTERNAL_WEAK;
    }

    /** weak/linkonce of either kind, and common: the linker picks one copy. */
    public boolean isWeakForLinker() {
        return this == WEAK_ANY || this == WEAK_ODR || this == LINKONCE_ANY || this == LINKONCE_ODR
                || this == COMMON || this == EXTERNAL_WEAK;
    }

    // values() copies the array on every call: once per summary record added up to 14 MB a kernel run.
    private static final Linkage[] BY_SUMMARY_VALUE = values();

    /** From the 4-bit field of summary flags. */
    public static Linkage fromSummary(int value) {
        return value >= 0 && value < BY_SUMMARY_VALUE.length ? BY_SUMMARY_VALUE[value] : EXTERNAL;
    }

    /** From a MODULE_CODE_* record's linkage operand (BitcodeReader.cpp, getDecodedLinkage). */
    public static Linkage fromBitcode(long encoded) {
        return switch ((int) encoded) {
            case 2 -> APPENDING;
            case 3 -> INTERNAL;
            case 1, 16 -> WEAK_ANY;
            case 10, 17 -> WEAK_ODR;
            case 4, 18 -> LINKONCE_ANY;
            case 11, 19 -> LINKONCE_ODR;
            case 7 -> EXTERNAL_WEAK;
            case 8 -> COMMON;
            case 9, 13, 14 -> PRIVATE;
            case 12 -> AVAILABLE_EXTERNALLY;
            default -> EXTERNAL; // 0, and the obsolete 5, 6, 15
        };
    }
}
