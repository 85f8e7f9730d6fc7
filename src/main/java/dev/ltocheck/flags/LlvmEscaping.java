package dev.ltocheck.flags;

import java.nio.charset.StandardCharsets;

/**
 * LLVM's {@code printEscapedString} (llvm/lib/Support/StringExtras.cpp), as llvm-dis 20 prints
 * metadata strings: a backslash as {@code \\}, other printable ASCII but '"' as is, every other
 * byte as {@code \XX} (upper-case hex).
 */
public final class LlvmEscaping {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LlvmEscaping() {
    }

    public static String escape(String text) {
        return escape(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String escape(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\\') {
                out.append("\\\\");
            } else if (c >= 0x20 && c < 0x7f && c != '"') {
                out.append((char) c);
            } else {
                out.append('\\').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }
}
