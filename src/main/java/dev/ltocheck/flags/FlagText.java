package dev.ltocheck.flags;

/**
 * The one place a flag value becomes text: llvm-dis's inline syntax ({@code i1 true},
 * {@code i32 -1}, {@code !"a\\b\22"}, {@code !{!"x", null}}), nested nodes written inline where
 * llvm-dis numbers them. Damaged parts print as {@code <why>}, which no LLVM text contains.
 */
public final class FlagText {
    private FlagText() {
    }

    public static String of(FlagValue value) {
        StringBuilder out = new StringBuilder();
        append(value, out);
        return out.toString();
    }

    /** A flag entry exactly as llvm-dis prints it, nested nodes inlined. */
    public static String entry(int behavior, String key, FlagValue value) {
        StringBuilder out = new StringBuilder("!{i32 ").append(behavior).append(", !\"");
        out.append(LlvmEscaping.escape(key)).append("\", ");
        append(value, out);
        return out.append('}').toString();
    }

    // Trees are bounded by FlagValue.Limits, so the recursion and the text are too.
    private static void append(FlagValue value, StringBuilder out) {
        if (value instanceof FlagValue.Int i) {
            out.append('i').append(i.width()).append(' ')
                    .append(i.width() == 1 ? Boolean.toString(i.value() != 0) : Long.toString(i.value()));
        } else if (value instanceof FlagValue.Str s) {
            out.append("!\"").append(LlvmEscaping.escape(s.bytes())).append('"');
        } else if (value instanceof FlagValue.Null) {
            out.append("null");
        } else if (value instanceof FlagValue.Constant c) {
            out.append(c.text());
        } else if (value instanceof FlagValue.Damaged d) {
            out.append('<').append(d.why()).append('>');
        } else if (value instanceof FlagValue.Node node) {
            out.append("!{");
            for (int k = 0; k < node.operands().size(); k++) {
                if (k > 0) {
                    out.append(", ");
                }
                append(node.operands().get(k), out);
            }
            out.append('}');
        }
    }
}
