package dev.ltocheck.apply;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tree's one writer: confined to the tree, exclusive temporaries, all files or none. */
class TreeWriterTest {
    private static final List<String> FILES = List.of("a/Makefile", "b/Makefile", "c/d/Makefile");

    @TempDir
    Path base;
    Path tree;

    /** Thrown by a fault to stop an apply the way a kill does: nothing after it runs. */
    static final class Killed extends Error {
    }

    @BeforeEach
    void makeTree() throws IOException {
        tree = Files.createDirectories(base.resolve("tree"));
        for (String f : FILES) {
            Files.createDirectories(tree.resolve(f).getParent());
            Files.writeString(tree.resolve(f), "old " + f + "\n");
        }
    }

    private List<Replacement> replacements() throws IOException {
        List<Replacement> r = new ArrayList<>();
        for (String f : FILES) {
            r.add(new Replacement(Path.of(f), Files.readAllBytes(tree.resolve(f)), ("new " + f + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        return r;
    }

    private List<String> contents() throws IOException {
        List<String> c = new ArrayList<>();
        for (String f : FILES) {
            c.add(Files.readString(tree.resolve(f)));
        }
        return c;
    }

    private static List<String> all(String prefix) {
        return FILES.stream().map(f -> prefix + " " + f + "\n").toList();
    }

    /** Every file in the tree that is not one of the three Makefiles. */
    private List<String> leftovers() throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> tree.relativize(p).toString()).filter(p -> !FILES.contains(p)).sorted().toList();
        }
    }

    @Test
    void replacesEveryFileKeepingItsModeAndLeavesNothingBehind() throws IOException {
        Files.setPosixFilePermissions(tree.resolve("b/Makefile"), PosixFilePermissions.fromString("rw-rw-r--"));
        new TreeWriter(tree).replaceAll(replacements());
        assertEquals(all("new"), contents());
        // 0664 survives a umask of 022: the mode is set on the new file, not left to the umask.
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("b/Makefile"))));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aFolderLinkedOutsideIsRefusedNamingTheLinkAndNothingIsWritten() throws IOException {
        Path elsewhere = Files.createDirectories(base.resolve("elsewhere"));
        Files.move(tree.resolve("c/d/Makefile"), elsewhere.resolve("Makefile"));
        Files.delete(tree.resolve("c/d"));
        Files.createSymbolicLink(tree.resolve("c/d"), elsewhere);
        List<Replacement> r = replacements();
        OutsideTreeException e = assertThrows(OutsideTreeException.class, () -> new TreeWriter(tree).replaceAll(r));
        assertEquals("c/d -> " + elsewhere.toRealPath(), e.why());
        assertEquals("c/d/Makefile lies outside the tree (c/d -> " + elsewhere.toRealPath() + "); nothing was written", e.getMessage());
        assertEquals(all("old"), contents());
        assertEquals(List.of("c/d"), leftovers());
    }

    @Test
    void pathsThatClimbOutOrAreAbsoluteAreRefused() throws IOException {
        Path victim = Files.writeString(base.resolve("victim"), "victim\n");
        for (Path p : List.of(Path.of("../victim"), Path.of("a/../../victim"), victim)) {
            List<Replacement> r = List.of(new Replacement(p, "victim\n".getBytes(StandardCharsets.UTF_8), new byte[]{'x'}));
            assertThrows(OutsideTreeException.class, () -> new TreeWriter(tree).replaceAll(r), p.toString());
        }
        assertEquals("victim\n", Files.readString(victim));
    }

    @Test
    void creationNeverFollowsALinkPlantedAtItsName() throws IOException {
        Path victim = Files.writeString(base.resolve("victim"), "victim\n");
        Path planted = tree.resolve("a/.Makefile.ltocheck-new-0123456789abcdef");
        Files.createSymbolicLink(planted, victim);
        assertThrows(FileAlreadyExistsException.class, () -> ExclusiveFile.create(planted, "evil".getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--")));
        Path dangling = tree.resolve("a/.Makefile.ltocheck-bak-0123456789abcdef");
        Files.createSymbolicLink(dangling, base.resolve("would-be-created"));
        assertThrows(FileAlreadyExistsException.class, () -> ExclusiveFile.create(dangling, "evil".getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--")));
        assertEquals("victim\n", Files.readString(victim));
        assertFalse(Files.exists(base.resolve("would-be-created"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(planted));
    }

    @Test
    void staleFilesOfOursAreSweptWithoutFollowingThem() throws IOException {
        Path victim = Files.writeString(base.resolve("victim"), "victim\n");
        Files.createSymbolicLink(tree.resolve("a/.Makefile.ltocheck-4242"), victim);
        Files.writeString(tree.resolve("b/.Makefile.ltocheck-new-00000000000000ff"), "stale");
        Files.writeString(tree.resolve("b/.Makefile.ltocheck-notours"), "kept");
        new TreeWriter(tree).replaceAll(replacements());
        assertEquals(List.of("b/.Makefile.ltocheck-notours"), leftovers());
        assertEquals("victim\n", Files.readString(victim));
    }

    @Test
    void aFileChangedSinceReadingIsRefusedAndNothingIsWritten() throws IOException {
        List<Replacement> r = replacements();
        Files.writeString(tree.resolve("c/d/Makefile"), "edited meanwhile\n");
        IOException e = assertThrows(IOException.class, () -> new TreeWriter(tree).replaceAll(r));
        assertEquals("c/d/Makefile changed since ltocheck read it; nothing was written", e.getMessage());
        assertEquals(List.of("old a/Makefile\n", "old b/Makefile\n", "edited meanwhile\n"), contents());
    }

    @Test
    void aRenameThatFailsIsRolledBackAtOnce() throws IOException {
        List<Replacement> r = replacements();
        TreeWriter failing = new TreeWriter(tree, (index, target) -> {
            if (index == 2) {
                throw new IOException("disk full");
            }
        });
        IOException e = assertThrows(IOException.class, () -> failing.replaceAll(r));
        assertEquals("disk full; rolled back: every file is as it was", e.getMessage());
        assertEquals(all("old"), contents());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void anApplyStoppedBetweenRenamesIsCompletedByTheNextRun() throws IOException {
        List<Replacement> r = replacements();
        assertThrows(Killed.class, () -> new TreeWriter(tree, (index, target) -> {
            if (index == 2) {
                throw new Killed();
            }
        }).replaceAll(r));
        assertEquals(List.of("new a/Makefile\n", "new b/Makefile\n", "old c/d/Makefile\n"), contents());
        assertTrue(Files.exists(tree.resolve(Journal.NAME)));

        Optional<String> line = new TreeWriter(tree).recover();
        assertEquals(Optional.of("completed an interrupted --apply (pid " + ProcessHandle.current().pid()
                + "): replaced the 1 of 3 files still due (c/d/Makefile)"), line);
        assertEquals(all("new"), contents());
        assertEquals(List.of(), leftovers());
        assertEquals(Optional.empty(), new TreeWriter(tree).recover());
    }

    @Test
    void anApplyStoppedWhoseNewFilesAreNotAllThereIsRolledBack() throws IOException {
        List<Replacement> r = replacements();
        assertThrows(Killed.class, () -> new TreeWriter(tree, (index, target) -> {
            if (index == 1) {
                throw new Killed();
            }
        }).replaceAll(r));
        assertEquals(List.of("new a/Makefile\n", "old b/Makefile\n", "old c/d/Makefile\n"), contents());
        try (Stream<Path> fresh = Files.list(tree.resolve("c/d"))) {
            for (Path p : fresh.filter(p -> p.getFileName().toString().contains(".ltocheck-new-")).toList()) {
                Files.delete(p);
            }
        }
        Optional<String> line = new TreeWriter(tree).recover();
        assertEquals(Optional.of("rolled back an interrupted --apply (pid " + ProcessHandle.current().pid()
                + "), whose new files were not all intact: restored a/Makefile"), line);
        assertEquals(all("old"), contents());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void anApplyKilledWhileWritingItsCopiesIsRolledBack() throws IOException {
        // The journal of a run killed before its first rename: it lists copies that may or may not exist yet.
        Path fresh = tree.resolve("a/.Makefile.ltocheck-new-1111111111111111");
        Files.writeString(fresh, "half");
        String hash = "0".repeat(64);
        Files.writeString(tree.resolve(Journal.NAME), "ltocheck apply journal 1\npid 1 1\nstate writing\n"
                + "a/Makefile\t.Makefile.ltocheck-new-1111111111111111\t.Makefile.ltocheck-bak-2222222222222222\t"
                + hash + "\t" + hash + "\n");
        assertEquals(Optional.of("rolled back an interrupted --apply (pid 1): it had replaced no file yet;"
                + " its temporary files are removed"), new TreeWriter(tree).recover());
        assertEquals(all("old"), contents());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aJournalNamingAFileOutsideTheTreeIsDamageAndTouchesNothing() throws IOException {
        Files.writeString(base.resolve("victim"), "victim\n");
        String hash = "0".repeat(64);
        Files.writeString(tree.resolve(Journal.NAME), "ltocheck apply journal 1\npid 1 1\nstate renaming\n"
                + "../victim\t.victim.ltocheck-new-1111111111111111\t.victim.ltocheck-bak-2222222222222222\t"
                + hash + "\t" + hash + "\n");
        IOException e = assertThrows(IOException.class, () -> new TreeWriter(tree).recover());
        assertTrue(e.getMessage().startsWith(Journal.NAME + " is damaged (line 4: ../victim is not a path inside the tree)"),
                e.getMessage());
        assertEquals("victim\n", Files.readString(base.resolve("victim")));
    }

    @Test
    void aJournalWhoseTemporaryNamesLeaveTheFolderIsDamageAndTouchesNothing() throws IOException {
        // Resolved beside a/Makefile, these names would lead to base/x: recovery would delete the one and move the other.
        Path outside = Files.createDirectories(base.resolve("x"));
        Files.writeString(outside.resolve(".y.ltocheck-new-1111111111111111"), "outside new\n");
        Files.writeString(outside.resolve(".y.ltocheck-bak-2222222222222222"), "outside bak\n");
        String hash = "0".repeat(64);
        for (String state : List.of("writing", "renaming")) {
            Files.writeString(tree.resolve(Journal.NAME), "ltocheck apply journal 1\npid 1 1\nstate " + state + "\n"
                    + "a/Makefile\t../../x/.y.ltocheck-new-1111111111111111\t../../x/.y.ltocheck-bak-2222222222222222\t"
                    + hash + "\t" + Journal.sha256(Files.readAllBytes(tree.resolve("a/Makefile"))) + "\n");
            IOException e = assertThrows(IOException.class, () -> new TreeWriter(tree).recover());
            assertEquals(Journal.NAME + " is damaged (line 4: not a file entry); check the files it names, then remove it",
                    e.getMessage());
            assertEquals("outside new\n", Files.readString(outside.resolve(".y.ltocheck-new-1111111111111111")), state);
            assertEquals("outside bak\n", Files.readString(outside.resolve(".y.ltocheck-bak-2222222222222222")), state);
            assertEquals(all("old"), contents(), state);
        }
        assertFalse(ExclusiveFile.isOurs("../../x/.y.ltocheck-new-1111111111111111"));
        assertTrue(ExclusiveFile.isOurs(".y.ltocheck-new-1111111111111111"));
    }
}
