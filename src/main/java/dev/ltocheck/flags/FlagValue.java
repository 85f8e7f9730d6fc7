package dev.ltocheck.flags;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The value operand of a module flag, as a tree: what both readers (LLVM's C API and ltocheck's
 * own bitcode reader) produce, what flag stubs are built from, and what flag sets are compared
 * by. Text is rendered in one place, {@link FlagText}, in llvm-dis's dialect.
 *
 * <p>A flag value in bitcode is a graph; a reader turns it into a tree under {@link Limits},
 * and a value it could not (a node that contains itself, a graph too large) is only a
 * {@link Damaged}, so that no walk over a value is unbounded.
 */
public sealed interface FlagValue {

    /** Text as llvm-dis prints the operand inline: {@code i32 1}, {@code !"tls"}, {@code !{...}}. */
    default String llvmText() {
        return FlagText.of(this);
    }

    /**
     * A {@code ConstantAsMetadata} of a {@code ConstantInt} of at most 64 bits. LLVM prints i1 as
     * {@code true}/{@code false} and every wider integer signed, so the value is kept sign-extended
     * to the width, except i1, which is 0 or 1.
     */
    record Int(int width, long value) implements FlagValue {
        public Int {
            if (width < 1 || width > 64) {
                throw new IllegalArgumentException("integer width " + width);
            }
            value = width == 1 ? value & 1 : width == 64 ? value : (value << (64 - width)) >> (64 - width);
        }

        // equals and hashCode as the record's own would be, without ObjectMethods (see ModuleFlag).
        @Override
        public boolean equals(Object o) {
            return o instanceof Int i && width == i.width && value == i.value;
        }

        @Override
        public int hashCode() {
            return Integer.hashCode(width) * 31 + Long.hashCode(value);
        }
    }

    /** An {@code MDString}: its bytes as they are (LLVM does not require UTF-8). */
    record Str(byte[] bytes) implements FlagValue {
        public Str {
            bytes = bytes.clone();
        }

        public static Str of(String text) {
            return new Str(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The bytes as UTF-8 text (a malformed sequence becomes U+FFFD). */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str s && Arrays.equals(bytes, s.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Str[" + FlagText.of(this) + "]";
        }
    }

    /** An {@code MDTuple} (uniqued or distinct: IRMover and llvm-dis's inline text do not tell them apart). */
    record Node(List<FlagValue> operands) implements FlagValue {
        public Node {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Node n && operands.equals(n.operands);
        }

        @Override
        public int hashCode() {
            return operands.hashCode();
        }
    }

    /** An absent operand of a node ({@code null} in llvm-dis's text). */
    record Null() implements FlagValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof Null;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /**
     * Any other constant ({@code ptr @f}, {@code double 1.0}, an integer wider than 64 bits),
     * kept as the text LLVM prints for it. Only the C API reader can name these; ltocheck's own
     * reader gives {@link Damaged} for them.
     */
    record Constant(String text) implements FlagValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof Constant c && java.util.Objects.equals(text, c.text);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hashCode(text);
        }
    }

    /**
     * What a reader could not turn into a tree: a node that contains itself (impossible in a flag
     * any compiler writes), a graph larger than {@link Limits} allow, metadata of another kind
     * (a debug-info node) or a reference the reader cannot resolve.
     */
    record Damaged(String why) implements FlagValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof Damaged d && java.util.Objects.equals(why, d.why);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hashCode(why);
        }
    }

    /** The bounds every reader applies when it turns a flag's metadata graph into a tree. */
    final class Limits {
        /** Nodes nested inside one another; real flags nest two or three deep. */
        public static final int MAX_DEPTH = 64;
        /** Nodes and leaves in one flag's tree, shared subtrees counted every time they appear. */
        public static final int MAX_ITEMS = 200_000;

        private Limits() {
        }
    }

    /** True if this value or anything under it is {@link Damaged}. */
    default boolean damaged() {
        return damage() != null;
    }

    /** The first {@link Damaged} in this tree, depth first, or null. */
    default Damaged damage() {
        if (this instanceof Damaged d) {
            return d;
        }
        if (this instanceof Node n) {
            for (FlagValue op : n.operands()) {
                Damaged d = op.damage();
                if (d != null) {
                    return d;
                }
            }
        }
        return null;
    }
}
