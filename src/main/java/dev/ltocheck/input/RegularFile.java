package dev.ltocheck.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Every file ltocheck reads from a tree (objects, archives, thin members, {@code @file}s, saved
 * link commands) is first checked to be a regular file: opening a FIFO blocks until someone writes
 * to it, a device can be endless. Symbolic links are followed, as lld follows them; it is what
 * they lead to that must be a regular file.
 *
 * <p>Java opens files without {@code O_NONBLOCK}, so the check is a stat before the open: a file
 * swapped for a FIFO between the two by someone racing the run can still block it.
 */
public final class RegularFile {
    /** The most text an {@code @file} or a saved link command may hold. */
    public static final long MAX_TEXT_BYTES = 64L << 20;

    private RegularFile() {
    }

    /** A path that names something other than a regular file; the message says what it is. */
    public static final class NotRegularFileException extends FileSystemException {
        private final String kind;

        NotRegularFileException(Path file, String kind) {
            super(file.toString(), null, kind + ", not a regular file");
            this.kind = kind;
        }

        /** "a FIFO", "a directory", "a character device", "a block device", "a socket", "a special file" */
        public String kind() {
            return kind;
        }

        /** "is a FIFO, not a regular file": for a line that names the path itself. */
        public String phrase() {
            return "is " + kind + ", not a regular file";
        }
    }

    /**
     * Checks that {@code file} (after symbolic links) is a regular file.
     *
     * @return its attributes, as read for the check
     * @throws NotRegularFileException when it is a FIFO, a device, a socket or a directory
     * @throws IOException             when it cannot be looked at (missing, permission denied)
     */
    public static BasicFileAttributes require(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new NotRegularFileException(file, kind(file, attributes));
        }
        return attributes;
    }

    /** A small text file read whole, once it is known to be a regular one of at most {@link #MAX_TEXT_BYTES}. */
    public static String readText(Path file) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(readBytes(file))).toString();
    }

    /** {@link #readText}'s bytes, undecoded: for a file whose lines are read by an ASCII key. */
    public static byte[] readBytes(Path file) throws IOException {
        BasicFileAttributes attributes = require(file);
        if (attributes.size() > MAX_TEXT_BYTES) {
            throw new FileSystemException(file.toString(), null, "is " + attributes.size()
                    + " bytes; a command file over " + MAX_TEXT_BYTES + " bytes is not read");
        }
        return Files.readAllBytes(file);
    }

    private static String kind(Path file, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        // The file type bits of st_mode: basic attributes only say "other".
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            if (mode instanceof Integer m) {
                switch (m & 0170000) {
                    case 0010000:
                        return "a FIFO";
                    case 0020000:
                        return "a character device";
                    case 0060000:
                        return "a block device";
                    case 0140000:
                        return "a socket";
                    default:
                        break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // No unix view: "not a regular file" still says enough.
        }
        return "a special file";
    }
}
