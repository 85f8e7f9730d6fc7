package dev.ltocheck.input;

/**
 * Who an object is: the name ld.lld gives it and the file a user can open.
 *
 * @param archive the archive path exactly as given on the command line, or null for a loose file
 * @param member  the member name stored in the archive, or null for a loose file
 * @param offset  offset of the member's ar header in the archive (what lld prints), or -1
 * @param path    where the object's bytes live: the loose file or thin member as a path the user
 *                can open, or the member name inside a regular archive
 */
public record ModuleId(String archive, String member, long offset, String path) {

    public static ModuleId looseFile(String pathAsGiven) {
        return new ModuleId(null, null, -1, pathAsGiven);
    }

    public boolean inArchive() {
        return archive != null;
    }

    /**
     * The module identifier ld.lld uses in diagnostics and as the LTO module name:
     * {@code archive(basename at offset)} for members, the path as given otherwise
     * (lld/ELF/InputFiles.cpp, BitcodeFile::BitcodeFile).
     */
    public String lldName() {
        if (archive == null) {
            return path;
        }
        return archive + "(" + basename(member) + " at " + offset + ")";
    }

    /** The object's file name: the member's basename, or the loose file's. */
    public String fileName() {
        return basename(member != null ? member : path);
    }

    /** {@code sys::path::filename}: the text after the last '/' (a member name is not a path this system must accept). */
    static String basename(String name) {
        String trimmed = name.endsWith("/") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }

    @Override
    public String toString() {
        return lldName();
    }
}
