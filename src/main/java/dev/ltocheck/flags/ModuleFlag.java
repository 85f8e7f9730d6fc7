package dev.ltocheck.flags;

/**
 * One entry of {@code !llvm.module.flags}: {@code !{i32 behavior, !"key", value}}. Two flag lists
 * are the same exactly when their trees are equal.
 *
 * @param behavior the IR behaviour number (1..8 in LLVM 20; other numbers are kept, and
 *                 {@link FlagVerifier} names them)
 */
public record ModuleFlag(int behavior, String key, FlagValue value) {

    public String behaviorName() {
        return FlagBehavior.nameOf(behavior);
    }

    /** The entry exactly as llvm-dis prints it (nested nodes inlined). */
    public String llvmText() {
        return FlagText.entry(behavior, key, value);
    }

    /** A name for the value that a reader recognises: {@code kernel} for Code Model 2, etc. */
    public String readableValue() {
        return FlagValueNames.readable(key, value);
    }
}
