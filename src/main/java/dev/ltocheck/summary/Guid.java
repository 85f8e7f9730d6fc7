package dev.ltocheck.summary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** LLVM's global value GUIDs: the low 64 bits (little endian) of the MD5 of the global identifier. */
public final class Guid {
    // Looking up the MD5 provider costs more than hashing a symbol name: one digest per thread.
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(Guid::md5);
    private static final byte[] UNKNOWN_SOURCE = "<unknown>".getBytes(StandardCharsets.US_ASCII);

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
        return low64(MD5.get().digest(globalIdentifier.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The GUID of a global named by its string-table bytes, hashed as LLVM hashes them: the bytes
     * themselves (a name that is not UTF-8 is not decoded and re-encoded first), behind the source
     * file's name for local linkage, without building the identifier (a kernel has 1.5 million
     * globals: the identifiers were an eighth of what reading its members allocated).
     */
    public static long of(byte[] name, Linkage linkage, byte[] sourceFilename) {
        MessageDigest md5 = MD5.get();
        if (linkage.isLocal()) {
            md5.update(sourceFilename.length == 0 ? UNKNOWN_SOURCE : sourceFilename);
            md5.update((byte) ';');
        }
        int from = name.length > 0 && name[0] == 1 ? 1 : 0;
        md5.update(name, from, name.length - from);
        return low64(md5.digest());
    }

    private static long low64(byte[] digest) {
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
