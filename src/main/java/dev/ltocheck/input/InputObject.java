package dev.ltocheck.input;

import java.nio.ByteBuffer;

/**
 * One object offered to the link, with its bytes (a read-only view into a mapped file).
 *
 * @param linkOrder position among the inputs (lld's input order); keeps every report in that order
 * @param lazy      a member of an archive linked without --whole-archive: it joins the link only
 *                  if it defines a symbol that is still undefined
 * @param source    the file the bytes came from, for the member cache; null when the bytes were
 *                  not read from a file
 */
public record InputObject(ModuleId id, ByteBuffer bytes, int linkOrder, boolean lazy, ObjectSource source) {

    public ObjectFormat format() {
        return ObjectFormat.of(bytes);
    }
}
