package dev.ltocheck.summary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** LLVM's global value GUIDs: the low 64 bits (little endian) of the MD5 of the global identifier. */
public final class Guid {
    // Looking up the MD5 provider costs more than hashing a symbol name: one digest per thread.
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(Guid::md5);

    private Guid() {
    }

    /**
     * {@code GlobalValue::getGlobalIdentifier}: the name without a leading \1, prefixed by
     * {@code <source file>;} for local linkage ({@code <unknown>;} without a source file name).
     */
    public static String globalIdentifier(String name, Linkage linkage, String sourceFilename) {
        String bare = name.startsWith("\u0001") ? name.substring(1) : name;
        if (!linkage.isLocal()) {
            return bare;
        }
        return (sourceFilename.isEmpty() ? "<unknown>" : sourceFilename) + ";" + bare;
    }

    public static long of(String globalIdentifier) {
        MessageDigest md5 = MD5.get();
        byte[] digest = md5.digest(globalIdentifier.getBytes(StandardCharsets.UTF_8));
        long guid = 0;
        for (int i = 7; i >= 0; i--) {
            guid = (guid << 8) | (digest[i] & 0xff);
        }
        return guid;
    }

    /** As llvm-dis prints GUIDs: unsigned decimal. */
    public static String text(long guid) {
        return Long.toUnsignedString(guid);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
