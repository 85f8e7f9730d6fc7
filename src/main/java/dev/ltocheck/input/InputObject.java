package dev.ltocheck.input;

import java.nio.ByteBuffer;

/**
 * One object taking part in the link, with its bytes (a read-only view into a mapped file).
 *
 * @param linkOrder position in the link (lld's input order); used to keep every report in that order
 */
public record InputObject(ModuleId id, ByteBuffer bytes, int linkOrder) {

    public ObjectFormat format() {
        return ObjectFormat.of(bytes);
    }
}
