package dev.ltocheck.cache;

import dev.ltocheck.input.ObjectSource;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * One cache file: the members of one archive (or one loose object), each with the stamp of the
 * file it was read from and the {@link ContentHash} of its bytes.
 *
 * <pre>
 * "LTOCHECK-CACHE\n"  int format  string fingerprint  long startedAtNanos  int count  entries  int crc32c(all before it)
 * entries: string file  long offset  long size  long modifiedNanos  string fileKey  byte[16] content hash
 *          int length  byte[length] member (MemberCodec)
 * </pre>
 * Big-endian; strings are an int length and UTF-8. The file is read whole and checked against
 * its CRC (which covers everything before it, header included) before any field is trusted.
 *
 * <p>Its journal (the same name with {@code -journal}) holds the entries a later run changed or
 * added, so that a run which read a few members again does not rewrite the whole file:
 * <pre>
 * "LTOCHECK-JOURNAL\n"  int format  string fingerprint  long crc32c of the file it amends
 * long startedAtNanos  int count  entries  int crc32c(all before it)
 * </pre>
 * A journal whose file's CRC is not that of the file beside it (the file was rewritten since) is
 * ignored. Both are written whole and renamed into place.
 */
final class CacheFile {
    static final int FORMAT = 9; // 4: module flag values as trees; 5: enums by code, each list's codes first; 6: which reader gave the flags; 7: declined for debug information; 8: whether a member has debug information; 9: whether LLVM agreed when a finding named it
    private static final byte[] MAGIC = "LTOCHECK-CACHE\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOURNAL_MAGIC = "LTOCHECK-JOURNAL\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param member the encoded member, a view into the file's bytes (decoded only when used)
     */
    record Entry(String file, long offset, ObjectSource.Stamp stamp, byte[] contentHash, ByteBuffer member) {
        String location() {
            return location(file, offset);
        }

        static String location(String file, long offset) {
            return offset == 0 ? file : file + "@" + offset;
        }
    }

    /**
     * @param startedAtNanos when the run that wrote the file began, by the system clock (a file
     *                       system whose clock differs from it, as NFS can, makes the racy-stamp
     *                       rule of {@link MemberCache} less safe, not wrong: hashes still decide)
     */
    record Contents(long startedAtNanos, List<Entry> entries, long crc) {
        /** No file, or one that was not used. */
        static final long NO_CRC = -1;

        Contents(long startedAtNanos, List<Entry> entries) {
            this(startedAtNanos, entries, NO_CRC);
        }
    }

    private CacheFile() {
    }

    /** @throws CacheFormatException when the file is damaged, of another format, or from another build */
    static Contents read(Path path, String fingerprint) throws IOException, CacheFormatException {
        ByteBuffer in = readChecked(path);
        long crc = Integer.toUnsignedLong(ByteBuffer.wrap(in.array()).getInt(in.limit())); // cut off by readChecked
        try {
            readHeader(in, MAGIC, fingerprint);
            long startedAt = in.getLong();
            return new Contents(startedAt, readEntries(in), crc);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new CacheFormatException("truncated");
        }
    }

    /**
     * The journal of the file whose CRC is {@code fileCrc} (see {@link Contents#crc()}).
     *
     * @throws CacheFormatException when it is damaged, of another format or build, or amends another file
     */
    static Contents readJournal(Path journal, String fingerprint, long fileCrc) throws IOException, CacheFormatException {
        ByteBuffer in = readChecked(journal);
        try {
            readHeader(in, JOURNAL_MAGIC, fingerprint);
            long amends = in.getLong();
            if (amends != fileCrc) {
                throw new CacheFormatException("a journal of another cache file");
            }
            long startedAt = in.getLong();
            return new Contents(startedAt, readEntries(in));
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new CacheFormatException("truncated");
        }
    }

    static Path journalOf(Path path) {
        return path.resolveSibling(path.getFileName() + "-journal");
    }

    private static void readHeader(ByteBuffer in, byte[] expectedMagic, String fingerprint) throws CacheFormatException {
        byte[] magic = new byte[expectedMagic.length];
        in.get(magic);
        if (!Arrays.equals(magic, expectedMagic)) {
            throw new CacheFormatException("not an ltocheck cache file");
        }
        int format = in.getInt();
        if (format != FORMAT) {
            throw new CacheFormatException("cache format " + format + ", this ltocheck writes " + FORMAT);
        }
        String writtenBy = BinaryFields.readString(in);
        if (!writtenBy.equals(fingerprint)) {
            throw new CacheFormatException("written by " + writtenBy);
        }
    }

    private static List<Entry> readEntries(ByteBuffer in) throws CacheFormatException {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new CacheFormatException("entry count " + count);
        }
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String file = BinaryFields.readString(in);
            long offset = in.getLong();
            ObjectSource.Stamp stamp = new ObjectSource.Stamp(in.getLong(), in.getLong(), BinaryFields.readString(in));
            byte[] contentHash = new byte[ContentHash.BYTES];
            in.get(contentHash);
            int length = BinaryFields.count(in);
            ByteBuffer member = in.slice(in.position(), length);
            in.position(in.position() + length);
            entries.add(new Entry(file, offset, stamp, contentHash, member));
        }
        if (in.hasRemaining()) {
            throw new CacheFormatException(in.remaining() + " bytes after the last entry");
        }
        return entries;
    }

    /**
     * Writes next to the target and renames over it, so that a reader sees the old file or the new one.
     *
     * @return the file's CRC, which its journal names ({@link Contents#crc()})
     */
    static long write(Path path, String fingerprint, long startedAtNanos, Collection<Entry> entries) throws IOException {
        return writeChecked(path, out -> {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            BinaryFields.writeString(out, fingerprint);
            out.writeLong(startedAtNanos);
            writeEntries(out, entries);
        });
    }

    /** Writes the journal of the file whose CRC is {@code fileCrc}, next to it and renamed over the old journal. */
    static void writeJournal(Path path, String fingerprint, long fileCrc, long startedAtNanos, Collection<Entry> entries)
            throws IOException {
        writeChecked(journalOf(path), out -> {
            out.write(JOURNAL_MAGIC);
            out.writeInt(FORMAT);
            BinaryFields.writeString(out, fingerprint);
            out.writeLong(fileCrc);
            out.writeLong(startedAtNanos);
            writeEntries(out, entries);
        });
    }

    private static void writeEntries(DataOutputStream out, Collection<Entry> entries) throws IOException {
        out.writeInt(entries.size());
        for (Entry e : entries) {
            BinaryFields.writeString(out, e.file());
            out.writeLong(e.offset());
            out.writeLong(e.stamp().size());
            out.writeLong(e.stamp().modifiedNanos());
            BinaryFields.writeString(out, e.stamp().fileKey());
            out.write(e.contentHash());
            ByteBuffer member = e.member();
            out.writeInt(member.remaining());
            out.write(member.array(), member.arrayOffset() + member.position(), member.remaining());
        }
    }

    /** What a checked file holds before its CRC. */
    interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    /**
     * Writes {@code body} and a CRC32C of all of it (streamed: nothing is held in memory) next to
     * {@code path}, then renames it over {@code path}: a reader sees the old file or the new one.
     *
     * @return the CRC written, unsigned
     */
    static long writeChecked(Path path, Body body) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        // Created 0700 if missing; never written into when someone else could write there too.
        CacheTrust.createFolder(parent);
        removeAbandonedWrites(parent, path.getFileName().toString());
        Path temporary = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
        long crc;
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                CheckedOutputStream checked = new CheckedOutputStream(file, new CRC32C());
                DataOutputStream out = new DataOutputStream(checked);
                body.writeTo(out);
                out.flush();
                crc = checked.getChecksum().getValue();
                new DataOutputStream(file).writeInt((int) crc);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return crc;
    }

    /**
     * A file {@link #writeChecked} wrote, read whole, its CRC checked and cut off.
     *
     * @throws CacheTrust.UntrustedException when the file is not this user's alone (it is not read)
     * @throws CacheFormatException          when the CRC does not match (or the file is too short to hold one)
     */
    static ByteBuffer readChecked(Path path) throws IOException, CacheFormatException {
        CacheTrust.checkFile(path);
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(path));
        if (in.remaining() < 4) {
            throw new CacheFormatException("truncated");
        }
        int crc = in.getInt(in.limit() - 4);
        in.limit(in.limit() - 4);
        CRC32C check = new CRC32C();
        check.update(in.duplicate());
        if ((int) check.getValue() != crc) {
            throw new CacheFormatException("checksum mismatch");
        }
        return in;
    }

    /**
     * Temporary files of this cache file that a killed run left behind (an hour old: no writer is
     * that slow). Cache and memo file names hold no glob characters ({@link MemberCache#fileName},
     * {@link ThinLinkMemo}).
     */
    static void removeAbandonedWrites(Path folder, String name) {
        long hourAgo = System.currentTimeMillis() - 3_600_000L;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, name + "*.tmp")) {
            for (Path leftover : leftovers) {
                if (Files.getLastModifiedTime(leftover).toMillis() < hourAgo) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Only tidiness is lost.
        }
    }
}
