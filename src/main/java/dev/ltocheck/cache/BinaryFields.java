package dev.ltocheck.cache;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The cache's strings and counts: an int, then UTF-8; every count checked against the bytes left. */
final class BinaryFields {
    private BinaryFields() {
    }

    static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** @param in a heap buffer */
    static String readString(ByteBuffer in) throws CacheFormatException {
        int length = count(in);
        String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    /** A count or length no larger than the bytes left, so that a damaged one cannot make us allocate much. */
    static int count(ByteBuffer in) throws CacheFormatException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new CacheFormatException("count " + n + " with " + in.remaining() + " bytes left");
        }
        return n;
    }
}
