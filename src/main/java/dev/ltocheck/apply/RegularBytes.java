package dev.ltocheck.apply;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A file of the tree read whole as bytes, the way the tree's writer reads what it will replace:
 * never through a link at its name (O_NOFOLLOW), never a FIFO or a device (looked at first, so the
 * open cannot block), never past a bound.
 */
public final class RegularBytes {
    private RegularBytes() {
    }

    /**
     * The bytes of {@code file}, or empty when it holds more than {@code limit}.
     *
     * @throws IOException one line naming the file when it is a link, not a regular file, or unreadable
     */
    public static Optional<byte[]> read(Path file, int limit) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new IOException(file + (attributes.isSymbolicLink() ? " is a symbolic link" : " is not a regular file"));
        }
        if (attributes.size() > limit) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(limit + 1);
            return bytes.length > limit ? Optional.empty() : Optional.of(bytes);
        }
    }
}
