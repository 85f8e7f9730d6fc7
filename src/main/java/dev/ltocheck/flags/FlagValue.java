package dev.ltocheck.flags;

/** The value operand of a module flag, rendered the way llvm-dis prints it inline. */
public sealed interface FlagValue {

    /** Text as LLVM prints the operand: {@code i32 1}, {@code !"tls"}, {@code !{...}}. */
    String llvmText();

    /** An integer constant ({@code ConstantAsMetadata} of a {@code ConstantInt}). */
    record IntValue(int bits, long value) implements FlagValue {
        @Override
        public String llvmText() {
            return bits == 1 ? "i1 " + (value != 0) : "i" + bits + " " + value;
        }
    }

    /** An {@code MDString}. */
    record StringValue(String text) implements FlagValue {
        @Override
        public String llvmText() {
            return "!\"" + LlvmEscaping.escape(text) + "\"";
        }
    }

    /**
     * Anything else (a tuple such as {@code ProfileSummary}'s), printed structurally with nested
     * nodes inlined, so that equal metadata gives equal text in every process.
     */
    record NodeValue(String text) implements FlagValue {
        @Override
        public String llvmText() {
            return text;
        }
    }
}
