package dev.ltocheck.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The cache is believed without reading the members again, so it is trusted the way ssh trusts
 * {@code ~/.ssh}: a CRC stored beside the facts proves nothing against whoever can write both.
 * The cache folder and every file read from it must be owned by the user running ltocheck and
 * writable by no one else (no group or other write bit); the folders above it must be owned by
 * that user or root and not writable by others unless sticky ({@code /tmp}), since whoever can
 * write a parent can swap the folder. Checked on the file system's POSIX attributes, not on
 * access checks: root may write everything, and still must not trust what others wrote.
 */
final class CacheTrust {
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int FILE_TYPE = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;

    private CacheTrust() {
    }

    /** A cache file or folder that must not be used; the message says why, in one line. */
    static final class UntrustedException extends IOException {
        UntrustedException(String message) {
            super(message);
        }
    }

    /**
     * Why the cache folder must not be used, or empty when it may (also when it does not exist
     * yet: it will be created, by {@link #createFolder}, readable by its owner only).
     */
    static Optional<String> folderProblem(Path folder) {
        try {
            checkFolder(folder);
            return Optional.empty();
        } catch (UntrustedException e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            return Optional.of("cannot look at the cache folder " + folder + ": " + e.getMessage()
                    + ": the member cache is not used");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.of("this system does not show who owns the cache folder " + folder
                    + ": the member cache is not used");
        }
    }

    /** Creates the folder (and missing parents) with mode 0700 if needed, then checks it as {@link #folderProblem} does. */
    static void createFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        checkFolder(folder);
    }

    /**
     * Checks a file about to be read from the cache folder: a regular file (after symbolic links)
     * owned by this user and writable by no one else.
     *
     * @throws NoSuchFileException when there is none
     * @throws UntrustedException  when it must not be used
     */
    static void checkFile(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid");
        int mode = (Integer) a.get("mode");
        int uid = (Integer) a.get("uid");
        if ((mode & FILE_TYPE) != REGULAR) {
            throw new UntrustedException("the cache file " + file + " is not a regular file: not read");
        }
        String problem = ownership(uid, mode, currentUid());
        if (problem != null) {
            throw new UntrustedException("the cache file " + file + " " + problem
                    + ": not read (this run's own replaces it)");
        }
    }

    private static void checkFolder(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        int me = currentUid();
        if (Files.exists(absolute)) {
            Path real = absolute.toRealPath();
            Map<String, Object> a = Files.readAttributes(real, "unix:mode,uid");
            int mode = (Integer) a.get("mode");
            if ((mode & FILE_TYPE) != DIRECTORY) {
                throw new UntrustedException("the cache folder " + folder + " is not a folder: the member cache is not used");
            }
            String problem = ownership((Integer) a.get("uid"), mode, me);
            if (problem != null) {
                throw new UntrustedException("the cache folder " + folder + (real.equals(absolute) ? "" : " (" + real + ")")
                        + " " + problem + ": the member cache is not used (make it yours and chmod go-w, or --cache-dir)");
            }
            absolute = real;
        }
        // Every folder above it that exists: whoever may write one of them may swap what is below.
        for (Path up = absolute.getParent(); up != null; up = up.getParent()) {
            if (!Files.exists(up)) {
                continue;
            }
            Map<String, Object> a = Files.readAttributes(up.toRealPath(), "unix:mode,uid");
            int mode = (Integer) a.get("mode");
            int uid = (Integer) a.get("uid");
            if (uid != me && uid != 0) {
                throw new UntrustedException("the folder " + up + " above the cache folder is owned by uid " + uid
                        + ", neither you (uid " + me + ") nor root: the member cache is not used");
            }
            if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (mode & STICKY) == 0) {
                throw new UntrustedException("the folder " + up + " above the cache folder is writable by "
                        + writers(mode) + " (mode " + octal(mode) + "): the member cache is not used");
            }
        }
    }

    /** Why a file or folder with this owner and mode is not this user's alone, or null. */
    private static String ownership(int uid, int mode, int me) {
        if (uid != me) {
            return "is owned by uid " + uid + ", not by you (uid " + me + ")";
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
            return "is writable by " + writers(mode) + " (mode " + octal(mode) + ")";
        }
        return null;
    }

    private static String writers(int mode) {
        boolean group = (mode & 0020) != 0;
        boolean other = (mode & 0002) != 0;
        return group && other ? "group and others" : group ? "its group" : "others";
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /**
     * The user running ltocheck: {@code /proc/self} leads to this process's folder, owned by its
     * effective uid (Java has no getuid). The link itself is root's: it is followed.
     */
    static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
