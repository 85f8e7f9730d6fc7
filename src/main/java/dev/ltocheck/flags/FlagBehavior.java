package dev.ltocheck.flags;

/**
 * {@code Module::ModFlagBehavior} as stored in bitcode (llvm/IR/Module.h). The C API's
 * {@code LLVMModuleFlagBehavior} lacks Max and Min, so ltocheck carries the IR numbers itself.
 */
public enum FlagBehavior {
    ERROR(1, "Error"),
    WARNING(2, "Warning"),
    REQUIRE(3, "Require"),
    OVERRIDE(4, "Override"),
    APPEND(5, "Append"),
    APPEND_UNIQUE(6, "AppendUnique"),
    MAX(7, "Max"),
    MIN(8, "Min");

    private final int id;
    private final String llvmName;

    FlagBehavior(int id, String llvmName) {
        this.id = id;
        this.llvmName = llvmName;
    }

    public int id() {
        return id;
    }

    public String llvmName() {
        return llvmName;
    }

    /** The name for an IR behaviour number, or {@code Unknown<N>} for one LLVM 20 does not define. */
    public static String nameOf(int id) {
        for (FlagBehavior b : values()) {
            if (b.id == id) {
                return b.llvmName;
            }
        }
        return "Unknown<" + id + ">";
    }
}
