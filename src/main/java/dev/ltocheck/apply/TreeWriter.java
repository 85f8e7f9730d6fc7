package dev.ltocheck.apply;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one writer that changes files in a source tree: every file ltocheck edits there goes
 * through it.
 *
 * <p>A file is written only if its real path (symlinks followed) lies inside the tree's real
 * path. All files or none: every new file is written beside its target (created exclusively,
 * never through a link, random name, the original's mode), with a backup of the original, while
 * a journal in the tree's root lists them; only then are they renamed over their targets, in
 * order. An apply that fails is rolled back at once; one that is killed leaves the journal, and
 * {@link #recover} completes it (or, when it cannot, rolls it back) on the next run.
 */
public final class TreeWriter {
    private static final int JOURNAL_LIMIT = 1 << 20;

    private final Path root;
    private final Faults faults;

    /** @param root the tree's root: nothing outside its real path is written */
    public TreeWriter(Path root) {
        this(root, Faults.NONE);
    }

    /** As {@link #TreeWriter(Path)}, with a seam where tests fail or stop an apply between renames. */
    public TreeWriter(Path root, Faults faults) {
        this.root = root;
        this.faults = faults;
    }

    private record Target(Replacement replacement, Path real, Set<PosixFilePermission> mode) {
    }

    /**
     * Replaces every file, or none. Refuses, writing nothing, when a file lies outside the tree
     * ({@link OutsideTreeException}), changed since it was read, or is not writable.
     */
    public void replaceAll(List<Replacement> files) throws IOException {
        Path top = root.toRealPath();
        List<Target> targets = check(top, files);
        if (targets.isEmpty()) {
            return;
        }
        List<Journal.Entry> entries = new ArrayList<>();
        for (Target t : targets) {
            entries.add(new Journal.Entry(top.relativize(t.real()), ExclusiveFile.nameBeside(t.real(), ExclusiveFile.Kind.NEW),
                    ExclusiveFile.nameBeside(t.real(), ExclusiveFile.Kind.BAK),
                    Journal.sha256(t.replacement().expected()), Journal.sha256(t.replacement().content())));
        }
        Journal journal = new Journal(ProcessHandle.current().pid(), Journal.startOfThisProcess(), Journal.State.WRITING,
                List.copyOf(entries));
        Path journalFile = top.resolve(Journal.NAME);
        publishFirst(journalFile, journal);
        int renamed = 0;
        try {
            for (Path folder : folders(targets)) {
                ExclusiveFile.sweep(folder);
            }
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                Path folder = t.real().getParent();
                ExclusiveFile.create(folder.resolve(entries.get(i).backup()), t.replacement().expected(), t.mode());
                ExclusiveFile.create(folder.resolve(entries.get(i).fresh()), t.replacement().content(), t.mode());
            }
            replace(journalFile, journal.withState(Journal.State.RENAMING));
            for (; renamed < targets.size(); renamed++) {
                Path target = targets.get(renamed).real();
                faults.beforeRename(renamed, target);
                Files.move(target.resolveSibling(entries.get(renamed).fresh()), target, StandardCopyOption.ATOMIC_MOVE);
            }
            folders(targets).forEach(ExclusiveFile::syncFolder);
        } catch (IOException | RuntimeException e) {
            if (!rollBack(targets, entries, renamed, e)) {
                // The journal stays: the next --apply finishes what the rollback could not.
                throw new IOException(e.getMessage() + "; rolling back failed too (" + e.getSuppressed()[0].getMessage()
                        + "): the next --apply completes or rolls back this one", e);
            }
            Files.deleteIfExists(journalFile);
            throw new IOException(e.getMessage() + (renamed > 0 ? "; rolled back: every file is as it was"
                    : "; nothing was written"), e);
        }
        removeCopies(targets, entries);
        Files.delete(journalFile);
        ExclusiveFile.syncFolder(top);
    }

    /**
     * Completes or rolls back an apply that was interrupted (its journal is still in the tree's
     * root), and removes the files it left.
     *
     * @return one line saying which was done and to which files; empty when there was none
     */
    public Optional<String> recover() throws IOException {
        Path top = root.toRealPath();
        Path journalFile = top.resolve(Journal.NAME);
        if (!Files.exists(journalFile, LinkOption.NOFOLLOW_LINKS)) {
            ExclusiveFile.sweep(top);
            return Optional.empty();
        }
        if (!Files.isRegularFile(journalFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(Journal.NAME + " is not a regular file; remove it");
        }
        Journal journal = Journal.parse(RegularBytes.read(journalFile, JOURNAL_LIMIT).orElseThrow(() -> new IOException(
                Journal.NAME + " is larger than any journal ltocheck writes; check it, then remove it")));
        Optional<ProcessHandle> writer = journal.liveWriter();
        if (writer.isPresent()) {
            throw new IOException("another ltocheck (pid " + writer.get().pid() + ") is applying a patch to this tree"
                    + " (" + Journal.NAME + "); nothing was written");
        }
        List<Path> reals = new ArrayList<>();
        for (Journal.Entry e : journal.entries()) {
            try {
                reals.add(confine(top, e.target()));
            } catch (OutsideTreeException | NoSuchFileException outside) {
                throw new IOException(Journal.NAME + " names " + e.target() + ", which " + (outside instanceof OutsideTreeException o
                        ? "lies outside the tree (" + o.why() + ")" : "does not exist") + "; check the files it names, then remove it");
            }
        }
        String line = journal.state() == Journal.State.WRITING ? abandon(journal, reals) : finish(journal, reals);
        Files.delete(journalFile);
        ExclusiveFile.syncFolder(top);
        ExclusiveFile.sweep(top);
        return Optional.of(line);
    }

    /** An apply killed while writing its copies had replaced nothing: its copies go. */
    private static String abandon(Journal journal, List<Path> reals) throws IOException {
        removeListed(journal, reals);
        return "rolled back an interrupted --apply (pid " + journal.pid() + "): it had replaced no file yet;"
                + " its temporary files are removed";
    }

    /**
     * An apply killed between renames: completed when every file still holds either its old
     * content (with the new one ready beside it) or its new one; else rolled back from the backups.
     */
    private static String finish(Journal journal, List<Path> reals) throws IOException {
        List<Journal.Entry> entries = journal.entries();
        List<String> now = new ArrayList<>();
        boolean completable = true;
        for (int i = 0; i < entries.size(); i++) {
            Journal.Entry e = entries.get(i);
            String current = hashOf(reals.get(i));
            now.add(current);
            boolean done = e.newHash().equals(current);
            boolean due = e.oldHash().equals(current) && e.newHash().equals(hashOf(reals.get(i).resolveSibling(e.fresh())));
            completable &= done || due;
        }
        List<String> changed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Journal.Entry e = entries.get(i);
            Path real = reals.get(i);
            if (completable && !e.newHash().equals(now.get(i))) {
                Files.move(real.resolveSibling(e.fresh()), real, StandardCopyOption.ATOMIC_MOVE);
                changed.add(e.target().toString());
            } else if (!completable && e.newHash().equals(now.get(i))
                    && e.oldHash().equals(hashOf(real.resolveSibling(e.backup())))) {
                Files.move(real.resolveSibling(e.backup()), real, StandardCopyOption.ATOMIC_MOVE);
                changed.add(e.target().toString());
            } else if (!completable && !e.oldHash().equals(now.get(i))) {
                kept.add(e.target().toString());
            }
        }
        reals.forEach(r -> ExclusiveFile.syncFolder(r.getParent()));
        removeListed(journal, reals);
        String files = changed.isEmpty() ? "none" : String.join(", ", changed);
        return completable
                ? "completed an interrupted --apply (pid " + journal.pid() + "): replaced the " + changed.size() + " of "
                + entries.size() + " files still due (" + files + ")"
                : "rolled back an interrupted --apply (pid " + journal.pid() + "), whose new files were not all intact:"
                + " restored " + files + (kept.isEmpty() ? "" : "; left as they are, changed since: " + String.join(", ", kept));
    }

    private static void removeListed(Journal journal, List<Path> reals) throws IOException {
        for (int i = 0; i < reals.size(); i++) {
            ExclusiveFile.remove(reals.get(i).resolveSibling(journal.entries().get(i).fresh()));
            ExclusiveFile.remove(reals.get(i).resolveSibling(journal.entries().get(i).backup()));
        }
    }

    /** The SHA-256 of a regular file, or "" when there is none (a link is not followed). */
    private static String hashOf(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        return Journal.sha256(Files.readAllBytes(file));
    }

    /** Every target's real path, in order; throws before anything is written when one is refused. */
    private static List<Target> check(Path top, List<Replacement> files) throws IOException {
        List<Target> targets = new ArrayList<>();
        Map<Path, Path> seen = new HashMap<>();
        for (Replacement r : files) {
            Path real = confine(top, r.file());
            Path earlier = seen.putIfAbsent(real, r.file());
            if (earlier != null) {
                throw new IOException(r.file() + " and " + earlier + " are the same file; nothing was written");
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(r.file() + " is not a regular file; nothing was written");
            }
            // Read as it was read, no further: a file longer than that has changed.
            Optional<byte[]> now = RegularBytes.read(real, r.expected().length);
            if (now.isEmpty() || !Arrays.equals(now.get(), r.expected())) {
                throw new IOException(r.file() + " changed since ltocheck read it; nothing was written");
            }
            // Mode bits count even for root, who may write anything: a file without write bits is
            // one its owner marked read-only.
            if (!Files.isWritable(real) || !Files.isWritable(real.getParent()) || !hasWriteBit(real)) {
                throw new AccessDeniedException(r.file() + " is not writable; nothing was written");
            }
            targets.add(new Target(r, real, mode(real)));
        }
        return targets;
    }

    /**
     * The real path of {@code relative} below {@code top}, checked one part at a time so that the
     * refusal names the part that leaves the tree.
     */
    static Path confine(Path top, Path relative) throws IOException {
        if (relative.isAbsolute()) {
            throw new OutsideTreeException(relative, "an absolute path");
        }
        if (!Journal.staysBelow(relative.normalize()) || relative.normalize().startsWith("..")) {
            throw new OutsideTreeException(relative, "'..' leaves " + top);
        }
        Path at = top;
        Path named = null;
        for (Path part : relative.normalize()) {
            named = named == null ? part : named.resolve(part);
            Path real;
            try {
                real = at.resolve(part).toRealPath();
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(relative + " (" + named + " does not exist); nothing was written");
            }
            if (!real.startsWith(top)) {
                throw new OutsideTreeException(relative, named + " -> " + real);
            }
            at = real;
        }
        return at;
    }

    private static Set<Path> folders(List<Target> targets) {
        Set<Path> folders = new LinkedHashSet<>();
        targets.forEach(t -> folders.add(t.real().getParent()));
        return folders;
    }

    /** Publishes the first journal only if there is none: link(2) fails on an existing name. */
    private static void publishFirst(Path journalFile, Journal journal) throws IOException {
        Path written = journalFile.resolveSibling(ExclusiveFile.nameBeside(journalFile, ExclusiveFile.Kind.NEW));
        ExclusiveFile.create(written, journal.bytes(), PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Files.createLink(journalFile, written);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException(Journal.NAME + " is in the tree: another ltocheck is applying a patch to it, or one"
                    + " was interrupted (the next --apply completes or rolls it back); nothing was written");
        } finally {
            Files.deleteIfExists(written);
        }
        ExclusiveFile.syncFolder(journalFile.getParent());
    }

    private static void replace(Path journalFile, Journal journal) throws IOException {
        Path written = journalFile.resolveSibling(ExclusiveFile.nameBeside(journalFile, ExclusiveFile.Kind.NEW));
        ExclusiveFile.create(written, journal.bytes(), PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Files.move(written, journalFile, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(written);
        }
        ExclusiveFile.syncFolder(journalFile.getParent());
    }

    /**
     * Puts back the originals of the first {@code renamed} targets and removes every copy.
     *
     * @return false when some step failed (added to {@code cause} as suppressed)
     */
    private static boolean rollBack(List<Target> targets, List<Journal.Entry> entries, int renamed, Exception cause) {
        boolean ok = true;
        for (int i = 0; i < targets.size(); i++) {
            Path real = targets.get(i).real();
            try {
                if (i < renamed) {
                    Files.move(real.resolveSibling(entries.get(i).backup()), real, StandardCopyOption.ATOMIC_MOVE);
                }
                ExclusiveFile.remove(real.resolveSibling(entries.get(i).fresh()));
                ExclusiveFile.remove(real.resolveSibling(entries.get(i).backup()));
            } catch (IOException e) {
                cause.addSuppressed(e);
                ok = false;
            }
        }
        return ok;
    }

    private static void removeCopies(List<Target> targets, List<Journal.Entry> entries) throws IOException {
        for (int i = 0; i < targets.size(); i++) {
            ExclusiveFile.remove(targets.get(i).real().resolveSibling(entries.get(i).fresh()));
            ExclusiveFile.remove(targets.get(i).real().resolveSibling(entries.get(i).backup()));
        }
    }

    private static Set<PosixFilePermission> mode(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return PosixFilePermissions.fromString("rw-r--r--");
        }
    }

    private static boolean hasWriteBit(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.OWNER_WRITE) || permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException e) {
            return true;
        }
    }
}
