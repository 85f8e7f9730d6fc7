package dev.ltocheck.flags;

/**
 * One entry of {@code !llvm.module.flags}: {@code !{i32 behavior, !"key", value}}.
 *
 * @param behavior the IR behaviour number (1..8 in LLVM 20; other numbers are kept, not rejected)
 */
public record ModuleFlag(int behavior, String key, FlagValue value) {

    public String behaviorName() {
        return FlagBehavior.nameOf(behavior);
    }

    /** The entry exactly as llvm-dis prints it (nested nodes inlined). */
    public String llvmText() {
        return "!{i32 " + behavior + ", !\"" + LlvmEscaping.escape(key) + "\", " + value.llvmText() + "}";
    }

    /** A name for the value that a reader recognises: {@code kernel} for Code Model 2, etc. */
    public String readableValue() {
        return FlagValueNames.readable(key, value);
    }
}
