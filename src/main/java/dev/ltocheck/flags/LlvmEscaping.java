package dev.ltocheck.flags;

import java.nio.charset.StandardCharsets;

/** LLVM's {@code printEscapedString}: printable ASCII except '"' and '\' as is, other bytes as \XX. */
public final class LlvmEscaping {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LlvmEscaping() {
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append((char) c);
            } else {
                out.append('\\').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }
}
