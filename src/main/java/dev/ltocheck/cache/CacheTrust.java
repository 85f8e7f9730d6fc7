package dev.ltocheck.cache;

import dev.ltocheck.input.Ownership;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The cache is believed without reading the members again, so it is trusted the way ssh trusts
 * {@code ~/.ssh}: a CRC stored beside the facts proves nothing against whoever can write both.
 * The cache folder (with the folders above it) and every file read from it must be the user's
 * alone, by the rule of {@link Ownership}.
 */
final class CacheTrust {
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
        Ownership.Attributes a = Ownership.Attributes.of(file);
        if (a.type() != REGULAR) {
            throw new UntrustedException("the cache file " + file + " is not a regular file: not read");
        }
        Optional<Ownership.Doubt> doubt = Ownership.itself(file, a);
        if (doubt.isPresent()) {
            throw new UntrustedException(doubt.get().sentence("the cache file " + file)
                    + ": not read (this run's own replaces it)");
        }
    }

    private static void checkFolder(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            Path real = absolute.toRealPath();
            Ownership.Attributes a = Ownership.Attributes.of(real);
            if (a.type() != DIRECTORY) {
                throw new UntrustedException("the cache folder " + folder + " is not a folder: the member cache is not used");
            }
            Optional<Ownership.Doubt> doubt = Ownership.itself(real, a);
            if (doubt.isPresent()) {
                throw new UntrustedException(doubt.get().sentence("the cache folder " + folder
                        + (real.equals(absolute) ? "" : " (" + real + ")"))
                        + ": the member cache is not used (make it yours and chmod go-w, or --cache-dir)");
            }
            absolute = real;
        }
        // Every folder above it that exists: whoever may write one of them may swap what is below.
        Optional<Ownership.Doubt> above = Ownership.above(absolute);
        if (above.isPresent()) {
            throw new UntrustedException(above.get().sentence("the cache folder") + ": the member cache is not used");
        }
    }

    /** The user running ltocheck (its effective uid). */
    static int currentUid() throws IOException {
        return Ownership.effectiveUid();
    }
}
