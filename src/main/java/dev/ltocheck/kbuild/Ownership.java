package dev.ltocheck.kbuild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a file is the user's own, as a tree the user built is: owned by the user running
 * ltocheck and writable by no one else (no group or other write bit).
 */
public final class Ownership {
    private Ownership() {
    }

    /** Why {@code file} (symlinks followed) is not only the user's; empty when it is. */
    public static Optional<String> whyNotOnlyMine(Path file) {
        try {
            Path real = file.toRealPath();
            long me = currentUid();
            Object owner = Files.getAttribute(real, "unix:uid");
            if (!(owner instanceof Integer uid) || uid != me) {
                return Optional.of(file + " is owned by uid " + owner + ", not by you (uid " + me + ")");
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(real);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                return Optional.of(file + " is writable by " + (mode.contains(PosixFilePermission.OTHERS_WRITE) ? "others" : "its group")
                        + " (" + java.nio.file.attribute.PosixFilePermissions.toString(mode) + ")");
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of(file + " does not exist");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.of("the owner of " + file + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The real uid of this process. */
    static long currentUid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }
}
