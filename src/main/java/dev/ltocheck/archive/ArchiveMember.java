package dev.ltocheck.archive;

/**
 * One member of an ar archive.
 *
 * @param name         the member name as stored (a relative or absolute path in thin archives)
 * @param headerOffset offset of the member's 60-byte header from the start of the archive:
 *                     the number ld.lld prints in {@code archive(member at OFFSET)}
 * @param dataOffset   offset of the member's bytes in the archive file; -1 in a thin archive,
 *                     whose members live in their own files
 * @param size         the size the header declares
 */
public record ArchiveMember(String name, long headerOffset, long dataOffset, long size) {

    public boolean isExternal() {
        return dataOffset < 0;
    }
}
