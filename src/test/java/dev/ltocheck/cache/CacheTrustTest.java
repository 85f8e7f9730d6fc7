package dev.ltocheck.cache;

import dev.ltocheck.cli.Main;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cache file rewritten with a valid CRC is believed (the cache is trusted, as the README says),
 * so it is used only from a folder, and as files, that no one but the user can write. The
 * attacks are real: the poisoned cache makes the failing x86-pie link "pass" when trusted.
 */
class CacheTrustTest {
    @TempDir
    Path work;
    private Path tree;
    private Path cacheDir;
    private String cmd;

    record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void poisonedCache() throws Exception {
        tree = work.resolve("x86-pie");
        cacheDir = work.resolve("cache");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        cmd = tree.resolve(".vmlinux.o.cmd").toString();
        Run honest = check();
        assertEquals(1, honest.exitCode(), honest.out() + honest.err());
        poison();
    }

    private Run check() {
        return run("check", "--cache-dir", cacheDir.toString(), "--link-cmd", cmd);
    }

    /** Every cached member gets the module flags of one of them, under a valid CRC: no conflict is left. */
    private void poison() throws Exception {
        String fingerprint = MemberCache.in(cacheDir).fingerprint();
        List<ModuleFlag> same = null;
        for (Path file : cacheFiles()) {
            CacheFile.Contents contents = CacheFile.read(file, fingerprint);
            List<CacheFile.Entry> poisoned = new ArrayList<>();
            for (CacheFile.Entry e : contents.entries()) {
                CachedMember m = MemberCodec.decode(e.member().duplicate());
                if (same == null) {
                    same = m.facts().flags();
                }
                CachedMember lie = new CachedMember(new ModuleFacts(m.facts().sourceFilename(), m.facts().triple(), same),
                        m.summary(), m.llvmRefused());
                poisoned.add(new CacheFile.Entry(e.file(), e.offset(), e.stamp(), e.contentHash(),
                        ByteBuffer.wrap(MemberCodec.encode(lie))));
            }
            CacheFile.write(file, fingerprint, contents.startedAtNanos(), poisoned);
        }
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(f -> f.toString().endsWith(".ltocache")).sorted().toList();
        }
    }

    /** Every file in the cache folder and its bytes. */
    private Map<String, ByteBuffer> snapshot() throws IOException {
        Map<String, ByteBuffer> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(cacheDir)) {
            for (Path f : list.toList()) {
                files.put(f.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(f)));
            }
        }
        return files;
    }

    @Test
    void aPoisonedCacheInTheUsersOwnFolderIsBelieved() {
        // The attack works: this is why the folder's trust is checked at all.
        Run trusted = check();
        assertEquals(0, trusted.exitCode(), trusted.out() + trusted.err());
        assertEquals("", trusted.err());
    }

    @Test
    void aFolderOthersCanWriteIsNotUsed() throws IOException {
        Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("rwx---rwx"));
        Map<String, ByteBuffer> before = snapshot();
        Run run = check();
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("The link fails: 22 errors"), run.out());
        assertEquals(List.of("ltocheck: warning: the cache folder " + cacheDir + " is writable by others (mode 0707):"
                + " the member cache is not used (make it yours and chmod go-w, or --cache-dir)"), run.errLines());
        assertEquals(before, snapshot(), "nothing written into a folder others can write");
    }

    @Test
    void aFolderOfAnotherUserIsNotUsed() throws IOException {
        Files.setAttribute(cacheDir, "unix:uid", 65534);
        Run run = check();
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: warning: the cache folder " + cacheDir + " is owned by uid 65534, not by you"
                + " (uid " + uid() + "): the member cache is not used (make it yours and chmod go-w, or --cache-dir)"),
                run.errLines());
    }

    @Test
    void aFolderBelowOneOthersCanWriteIsNotUsed() throws IOException {
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        Run run = check();
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: warning: the folder " + work + " above the cache folder is writable by group"
                + " and others (mode 0777): the member cache is not used"), run.errLines());
        // A sticky folder (as /tmp) is fine: others cannot rename what is in it.
        Files.setAttribute(work, "unix:mode", 01777);
        assertEquals(0, check().exitCode(), "the poisoned cache, trusted again");
    }

    @Test
    void aFileOfAnotherUserIsNotReadAndIsReplaced() throws IOException {
        for (Path file : cacheFiles()) {
            Files.setAttribute(file, "unix:uid", 65534);
        }
        assertFilesRefused("is owned by uid 65534, not by you (uid " + uid() + ")");
    }

    @Test
    void aFileItsGroupCanWriteIsNotReadAndIsReplaced() throws IOException {
        for (Path file : cacheFiles()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        }
        assertFilesRefused("is writable by its group (mode 0660)");
    }

    private void assertFilesRefused(String why) throws IOException {
        List<Path> files = cacheFiles();
        assertEquals(2, files.size(), "x86-pie: vmlinux.a and lib/lib.a");
        Run run = check();
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals(files.stream().map(file -> "ltocheck: warning: the cache file " + file + " " + why
                + ": not read (this run's own replaces it)").toList(), run.errLines());
        // Replaced by what this run read, the user's alone: the next run uses it, and it is honest.
        for (Path file : files) {
            assertEquals(uid(), Files.getAttribute(file, "unix:uid"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        Run next = check();
        assertEquals(1, next.exitCode(), next.out() + next.err());
        assertEquals("", next.err());
    }

    @Test
    void aNewCacheFolderIsTheUsersAlone() throws IOException {
        Path fresh = work.resolve("new/cache");
        Run run = run("check", "--cache-dir", fresh.toString(), "--link-cmd", cmd);
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        assertFalse(Files.list(fresh).toList().isEmpty());
    }

    private static int uid() throws IOException {
        return CacheTrust.currentUid();
    }
}
