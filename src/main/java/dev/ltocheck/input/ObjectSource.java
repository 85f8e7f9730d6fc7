package dev.ltocheck.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Where an object's bytes were read from, and what the file looked like just before: enough to
 * tell on a later run, without reading the bytes, whether they can have changed.
 *
 * @param group  what the cache keeps the object's facts with: the archive for a member (thin or
 *               regular), the folder for a loose object
 * @param file   the file that holds the bytes (a thin member's own file), absolute
 * @param offset where the bytes start in {@code file}
 * @param stamp  {@code file}'s size, modification time and identity, taken before it was mapped
 */
public record ObjectSource(Path group, Path file, long offset, Stamp stamp) {

    /**
     * @param fileKey the file system's identity of the file (device and inode on Linux), or empty
     */
    public record Stamp(long size, long modifiedNanos, String fileKey) {

        /** Taken before the bytes are read, so that a change after it shows as a newer file next time. */
        public static Stamp of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Object key = a.fileKey();
            return new Stamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), key == null ? "" : key.toString());
        }

        /*
         * equals and hashCode written out, with the values the record's own would give: those are
         * bootstrapped through java.lang.runtime.ObjectMethods on their first call, which spins
         * method-handle classes the class-data archive cannot hold (JDK 17); this is the first
         * record compared in a cached run (see ModuleFlag).
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && size == s.size && modifiedNanos == s.modifiedNanos
                    && java.util.Objects.equals(fileKey, s.fileKey);
        }

        @Override
        public int hashCode() {
            return (Long.hashCode(size) * 31 + Long.hashCode(modifiedNanos)) * 31 + java.util.Objects.hashCode(fileKey);
        }
    }
}
