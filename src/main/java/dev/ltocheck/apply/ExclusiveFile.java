package dev.ltocheck.apply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files ltocheck creates beside the ones it replaces: a random name, created only if nothing
 * (not even a dangling symlink) has that name, never through a link, with the mode asked for.
 */
final class ExclusiveFile {
    /** What the name of a file of ours says it holds. */
    enum Kind { NEW, BAK }

    // Ours: .<name>.ltocheck-new-<16 hex>, .<name>.ltocheck-bak-<16 hex>, and the pid-named
    // temporaries of earlier versions (.<name>.ltocheck-<pid>). One file name, never a path: a
    // journal's entries are resolved beside their targets, and a '/' would lead elsewhere.
    private static final Pattern OURS = Pattern.compile("\\.[^/]+\\.ltocheck-(?:(?:new|bak)-[0-9a-f]{16}|[0-9]{1,10})");
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ExclusiveFile() {
    }

    /** A fresh name beside {@code file} for a file of the given kind. */
    static String nameBeside(Path file, Kind kind) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "." + file.getFileName() + ".ltocheck-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + HexFormat.of().formatHex(bytes);
    }

    /** True for a name that only ltocheck gives files: one path element, never a path. */
    static boolean isOurs(String name) {
        return OURS.matcher(name).matches() && isOneName(name);
    }

    /** True when {@code name} is a single path element (no separator, not empty). */
    static boolean isOneName(String name) {
        try {
            Path path = Path.of(name);
            return !path.isAbsolute() && path.getNameCount() == 1 && path.getFileName().toString().equals(name);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /**
     * Creates {@code file} holding {@code content}, flushed to disk, with {@code mode} (the umask
     * aside). Fails, creating nothing, when anything has the name; removes it on any failure.
     */
    static void create(Path file, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        boolean created = false;
        try {
            try (FileChannel channel = FileChannel.open(file, CREATE, PosixFilePermissions.asFileAttribute(mode))) {
                created = true;
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            // The umask took bits away at creation; set them, on the file itself and never through a link.
            Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(mode);
        } catch (IOException | RuntimeException e) {
            if (created) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Removes a file of ours (the link itself if it is one); folders are left alone. */
    static void remove(Path file) throws IOException {
        if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Removes the files of ours left in {@code folder} by runs that died before their journal
     * listed them, and the temporaries of earlier versions.
     *
     * @return how many were removed
     */
    static int sweep(Path folder) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, p -> isOurs(p.getFileName().toString()))) {
            for (Path stale : entries) {
                if (!Files.isDirectory(stale, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(stale);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Flushes a folder's entries (the renames in it) to disk, where the platform allows. */
    static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // Not every file system lets a folder be opened: the renames stand, only their order on disk is weaker.
        }
    }
}
