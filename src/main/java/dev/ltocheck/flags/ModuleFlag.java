package dev.ltocheck.flags;

/**
 * One entry of {@code !llvm.module.flags}: {@code !{i32 behavior, !"key", value}}. Two flag lists
 * are the same exactly when their trees are equal.
 *
 * @param behavior the IR behaviour number (1..8 in LLVM 20; other numbers are kept, and
 *                 {@link FlagVerifier} names them)
 */
public record ModuleFlag(int behavior, String key, FlagValue value) {

    /*
     * equals and hashCode written out (here and in FlagValue's records), with the values the
     * record's own would give. Those go through java.lang.runtime.ObjectMethods: bootstrapped on
     * the first call by spinning method-handle classes the class-data archive cannot hold (JDK 17),
     * then called through method handles that the client compiler the launcher runs does not
     * inline. Every member's flag list is hashed and compared (LlvmReadPolicy, ModuleSet): in a
     * cached run of an 800-module corpus, ModuleFlag's and Stamp's equals and hashCode were 10% of
     * the JFR samples. A run with the warm cache of a passing link bootstraps no record method now.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModuleFlag f && behavior == f.behavior && java.util.Objects.equals(key, f.key)
                && java.util.Objects.equals(value, f.value);
    }

    @Override
    public int hashCode() {
        return (Integer.hashCode(behavior) * 31 + java.util.Objects.hashCode(key)) * 31 + java.util.Objects.hashCode(value);
    }

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
