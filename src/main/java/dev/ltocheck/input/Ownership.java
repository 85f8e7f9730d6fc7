package dev.ltocheck.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a file or folder is the user's alone, the way ssh trusts {@code ~/.ssh}: it is owned
 * by the user running ltocheck (the effective uid) and writable by no one else (no group or
 * other write bit), and the folders above it are owned by that user or root and not writable by
 * group or others unless sticky ({@code /tmp}), since whoever can write a parent can swap what is
 * below. Checked on the file system's POSIX attributes, not on access checks: root may write
 * everything, and still must not trust what others wrote.
 *
 * <p>One implementation for every such gate (the member cache, make in a kernel tree), so the
 * rule and its wording are the same everywhere.
 */
public final class Ownership {
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int FILE_TYPE = 0170000;

    private Ownership() {
    }

    /**
     * Why a path is not the user's alone.
     *
     * @param where  the path itself, or the folder above it that is at fault
     * @param above  whether {@code where} is a folder above the path
     * @param reason e.g. "is owned by uid 65534, not by you (uid 1000)"
     */
    public record Doubt(Path where, boolean above, String reason) {
        /** One line: "{@code what} <reason>", or "the folder <where> above {@code what} <reason>". */
        public String sentence(String what) {
            return above ? "the folder " + where + " above " + what + " " + reason : what + " " + reason;
        }
    }

    /** The owner and mode of a path (symbolic links followed), as read for one check. */
    public record Attributes(int uid, int mode) {
        public static Attributes of(Path path) throws IOException {
            Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid");
            return new Attributes((Integer) a.get("uid"), (Integer) a.get("mode"));
        }

        /** The file type bits of the mode (S_IFMT). */
        public int type() {
            return mode & FILE_TYPE;
        }
    }

    /**
     * Why {@code path} (symbolic links followed) and the folders above it are not the user's
     * alone, or empty when they are; one line naming {@code path}, also when it cannot be read.
     */
    public static Optional<String> whyNotOnlyMine(Path path) {
        try {
            return check(path).map(d -> d.sentence(path.toString()));
        } catch (NoSuchFileException e) {
            return Optional.of(path + " does not exist");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return Optional.of("the owner of " + path + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The first doubt about {@code path} itself, then about the folders above its real path. */
    public static Optional<Doubt> check(Path path) throws IOException {
        Optional<Doubt> itself = itself(path, Attributes.of(path));
        return itself.isPresent() ? itself : above(path.toRealPath());
    }

    /** The doubt about a path whose attributes are {@code a}: not owned by the user, or writable by others. */
    public static Optional<Doubt> itself(Path path, Attributes a) throws IOException {
        int me = effectiveUid();
        if (a.uid() != me) {
            return Optional.of(new Doubt(path, false, "is owned by uid " + a.uid() + ", not by you (uid " + me + ")"));
        }
        if ((a.mode() & GROUP_OR_OTHER_WRITE) != 0) {
            return Optional.of(new Doubt(path, false, writable(a.mode())));
        }
        return Optional.empty();
    }

    /**
     * The first doubt about the folders above {@code path} that exist (from the nearest up): one
     * owned by neither the user nor root, or writable by group or others and not sticky.
     */
    public static Optional<Doubt> above(Path path) throws IOException {
        int me = effectiveUid();
        for (Path up = path.toAbsolutePath().normalize().getParent(); up != null; up = up.getParent()) {
            if (!Files.exists(up)) {
                continue;
            }
            Attributes a = Attributes.of(up.toRealPath());
            if (a.uid() != me && a.uid() != 0) {
                return Optional.of(new Doubt(up, true, "is owned by uid " + a.uid() + ", neither you (uid " + me + ") nor root"));
            }
            if ((a.mode() & GROUP_OR_OTHER_WRITE) != 0 && (a.mode() & STICKY) == 0) {
                return Optional.of(new Doubt(up, true, writable(a.mode())));
            }
        }
        return Optional.empty();
    }

    private static String writable(int mode) {
        boolean group = (mode & 0020) != 0;
        boolean other = (mode & 0002) != 0;
        return "is writable by " + (group && other ? "group and others" : group ? "its group" : "others")
                + " (mode " + String.format("%04o", mode & 07777) + ")";
    }

    /**
     * The user running ltocheck: {@code /proc/self} leads to this process's folder, owned by its
     * effective uid (Java has no geteuid). The link itself is root's: it is followed.
     */
    public static int effectiveUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
