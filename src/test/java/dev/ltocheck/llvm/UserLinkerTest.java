package dev.ltocheck.llvm;

import dev.ltocheck.kbuild.CmdFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which ld.lld the user links with, found as kbuild finds it, and never run from inside the tree. */
class UserLinkerTest {
    @TempDir
    Path dir;

    private Path tree() throws Exception {
        return Files.createDirectories(dir.resolve("tree"));
    }

    /** A fake ld.lld that says its version and leaves a mark when run. */
    private Path fakeLinker(Path folder, String name, String banner) throws Exception {
        Files.createDirectories(folder);
        Path script = folder.resolve(name);
        Files.writeString(script, "#!/bin/sh\ntouch \"" + folder.resolve(name + ".ran") + "\"\necho '" + banner + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void versionParsesEveryForm() {
        assertEquals(new LldVersion(16, -1, -1), LldVersion.parse("16").orElseThrow());
        assertEquals(new LldVersion(19, 1, -1), LldVersion.parse("19.1").orElseThrow());
        assertEquals(new LldVersion(22, 1, 8), LldVersion.parse(" 22.1.8 ").orElseThrow());
        assertTrue(LldVersion.parse("sixteen").isEmpty());
        assertTrue(LldVersion.parse("16.0.6.1").isEmpty());
        assertEquals(new LldVersion(16, 0, 6),
                LldVersion.fromBanner("Debian LLD 16.0.6 (compatible with GNU linkers)").orElseThrow());
        assertEquals(new LldVersion(20, 1, 7), LldVersion.fromKconfig("200107").orElseThrow());
        assertEquals(new LldVersion(15, 0, 6), LldVersion.fromKconfig("150006").orElseThrow());
        assertTrue(LldVersion.fromKconfig("0").isEmpty());
        assertEquals("20.1.7", LldVersion.BUNDLED.toString());
        assertEquals("16", LldVersion.parse("16").orElseThrow().toString());
    }

    @Test
    void whatEachVersionDoesAsObserved() {
        LldVersion v15 = LldVersion.parse("15.0.6").orElseThrow();
        LldVersion v16 = LldVersion.parse("16.0.6").orElseThrow();
        LldVersion v19 = LldVersion.parse("19.1.7").orElseThrow();
        LldVersion v22 = LldVersion.parse("22.1.8").orElseThrow();
        assertTrue(v15.abortsOnFailingImport() && v16.abortsOnFailingImport());
        assertFalse(v19.abortsOnFailingImport() || v22.abortsOnFailingImport() || LldVersion.BUNDLED.abortsOnFailingImport());
        assertFalse(v19.namesConflictingValues());
        assertTrue(v22.namesConflictingValues() && LldVersion.BUNDLED.namesConflictingValues());
        assertEquals(List.of(9, 9, 10, 12, 12), List.of(v15.newestSummaryVersion(), v16.newestSummaryVersion(),
                v19.newestSummaryVersion(), LldVersion.BUNDLED.newestSummaryVersion(), v22.newestSummaryVersion()));
        assertEquals(':', v16.localGuidDelimiter());
        assertEquals(';', v19.localGuidDelimiter());
        assertEquals(134, v16.failingImportExitStatus());
        assertEquals(1, v19.failingImportExitStatus());
    }

    @Test
    void optionWinsThenTheTreesKconfig() throws Exception {
        Path tree = tree();
        Optional<String> autoConf = Optional.of("CONFIG_LTO_CLANG=y\nCONFIG_LLD_VERSION=160006\n");
        List<String> notes = new ArrayList<>();
        UserLinker.Found found = UserLinker.find(LldVersion.parse("19"), tree, autoConf, Optional.empty(), Map.of(), notes);
        assertEquals("19", found.version().toString());
        assertEquals("--lld-version", found.from());
        found = UserLinker.find(Optional.empty(), tree, autoConf, Optional.empty(), Map.of(), notes);
        assertEquals("16.0.6", found.version().toString());
        assertEquals("CONFIG_LLD_VERSION in include/config/auto.conf", found.from());
        assertEquals(List.of(), notes);
    }

    @Test
    void theLinkerTheSavedCommandNamesIsAskedOnPath() throws Exception {
        Path tree = tree();
        Path bin = dir.resolve("bin");
        fakeLinker(bin, "ld.lld-16", "Debian LLD 16.0.6 (compatible with GNU linkers)");
        Path cmd = tree.resolve(".vmlinux.o.cmd");
        Files.writeString(cmd, "savedcmd_vmlinux.o := ld.lld-16 -m elf_x86_64 -r -o vmlinux.o vmlinux.a\n");
        List<String> notes = new ArrayList<>();
        UserLinker.Found found = UserLinker.find(Optional.empty(), tree, Optional.empty(), CmdFile.linkerProgram(cmd),
                Map.of("PATH", bin.toString()), notes);
        assertEquals("16.0.6", found.version().toString());
        assertEquals(bin.resolve("ld.lld-16") + " --version", found.from());
    }

    @Test
    void kbuildsLdAndLlvmVariablesNameTheLinker() throws Exception {
        assertEquals("ld.lld", UserLinker.kbuildLinker(Map.of()));
        assertEquals("ld.lld", UserLinker.kbuildLinker(Map.of("LLVM", "1")));
        assertEquals("ld.lld-16", UserLinker.kbuildLinker(Map.of("LLVM", "-16")));
        assertEquals("/opt/llvm-19/bin/ld.lld", UserLinker.kbuildLinker(Map.of("LLVM", "/opt/llvm-19/bin/")));
        assertEquals("ld.lld-22", UserLinker.kbuildLinker(Map.of("LLVM", "-16", "LD", "ld.lld-22")));
        // ltocheck's wrapper (LD="/path/ltocheck ld"): asked through its shim, which runs the real one's --version.
        assertEquals("/opt/ltocheck/scripts/ltocheck-ld",
                UserLinker.kbuildLinker(Map.of("LD", "/opt/ltocheck/scripts/ltocheck ld")));

        Path tree = tree();
        Path prefix = dir.resolve("llvm-19/bin");
        fakeLinker(prefix, "ld.lld", "LLD 19.1.7 (compatible with GNU linkers)");
        List<String> notes = new ArrayList<>();
        UserLinker.Found found = UserLinker.find(Optional.empty(), tree, Optional.empty(), Optional.empty(),
                Map.of("LLVM", prefix + "/", "PATH", "/nonexistent"), notes);
        assertEquals("19.1.7", found.version().toString());
    }

    @Test
    void aLinkerInsideTheTreeIsNeverRun() throws Exception {
        Path tree = tree();
        Path inside = fakeLinker(tree.resolve("tools"), "ld.lld", "LLD 99.0.0");
        Path cmd = tree.resolve(".vmlinux.o.cmd");
        Files.writeString(cmd, "savedcmd_vmlinux.o := tools/ld.lld -r -o vmlinux.o vmlinux.a\n");
        List<String> notes = new ArrayList<>();
        UserLinker.Found found = UserLinker.find(Optional.empty(), tree, Optional.empty(), CmdFile.linkerProgram(cmd),
                Map.of("PATH", ""), notes);
        assertEquals(LldVersion.BUNDLED, found.version());
        assertFalse(Files.exists(inside.resolveSibling("ld.lld.ran")), "the tree's linker ran");
        assertTrue(notes.get(0).contains("the link line names 'tools/ld.lld': not run"), notes.toString());
        assertTrue(notes.get(notes.size() - 1).startsWith("modelling the bundled ld.lld 20.1.7"), notes.toString());
        // A PATH entry that is the tree itself: still not run.
        notes.clear();
        found = UserLinker.find(Optional.empty(), tree, Optional.empty(), Optional.empty(),
                Map.of("PATH", tree.resolve("tools").toString()), notes);
        assertEquals(LldVersion.BUNDLED, found.version());
        assertFalse(Files.exists(inside.resolveSibling("ld.lld.ran")), "the tree's linker ran");
    }

    @Test
    void aProgramOutsideTheTreeNamedByItsLinkLineIsNeverRun() throws Exception {
        // The tree's link line names a program of the attacker's choice beside the tree.
        Path tree = tree();
        Path evil = fakeLinker(dir.resolve("evil"), "build-ld", "LLD 16.0.6");
        Path cmd = tree.resolve(".vmlinux.o.cmd");
        for (String named : List.of("../evil/build-ld", evil.toString())) {
            Files.writeString(cmd, "savedcmd_vmlinux.o := " + named + " -r -o vmlinux.o vmlinux.a\n");
            List<String> notes = new ArrayList<>();
            UserLinker.Found found = UserLinker.find(Optional.empty(), tree, Optional.empty(), CmdFile.linkerProgram(cmd),
                    Map.of("PATH", dir.resolve("evil").toString()), notes);
            assertEquals(LldVersion.BUNDLED, found.version());
            assertFalse(Files.exists(evil.resolveSibling("build-ld.ran")), "a program the tree named ran");
            assertTrue(notes.get(0).startsWith("the link line names '" + named + "': not run"), notes.toString());
        }
    }

    @Test
    void nothingFoundIsSaidAndTheBundledVersionModelled() throws Exception {
        List<String> notes = new ArrayList<>();
        UserLinker.Found found = UserLinker.find(Optional.empty(), tree(), Optional.empty(), Optional.empty(),
                Map.of("PATH", "/nonexistent"), notes);
        assertEquals(LldVersion.BUNDLED, found.version());
        assertEquals(List.of("no linker 'ld.lld' found to ask its version",
                "modelling the bundled ld.lld 20.1.7 (give --lld-version X[.Y] for yours)"), notes);
    }

    /** The one lookup of a linker's name (the version probe's and the linker wrapper's): as a shell finds a program. */
    @Test
    void aLinkerNameIsLookedUpOnlyInAbsolutePathEntriesAndOnlyAnExecutableIsTaken() throws Exception {
        Path tree = tree();
        fakeLinker(tree.resolve("bin"), "ld.lld", "LLD 1.0.0");
        Path plain = Files.createDirectories(dir.resolve("plain")).resolve("ld.lld");
        Files.writeString(plain, "not executable");
        Path first = fakeLinker(dir.resolve("first"), "ld.lld", "LLD 2.0.0");
        Path second = fakeLinker(dir.resolve("second"), "ld.lld", "LLD 3.0.0");
        // A relative entry (the tree's bin, from the tree) and an empty one are never searched; a plain file is not taken.
        String path = "bin::" + plain.getParent() + ":" + first.getParent() + ":" + second.getParent();
        assertEquals(Optional.of(first), UserLinker.resolve("ld.lld", tree, path, p -> false));
        // What the caller refuses (the wrapper's own programs) is passed over.
        assertEquals(Optional.of(second), UserLinker.resolve("ld.lld", tree, path, first::equals));
        // A name with a '/' is a path from the folder given, taken only if it is an executable file.
        assertEquals(Optional.of(tree.resolve("bin/ld.lld")), UserLinker.resolve("bin/ld.lld", tree, "", p -> false));
        assertEquals(Optional.empty(), UserLinker.resolve(plain.toString(), tree, "", p -> false));
        assertEquals(Optional.empty(), UserLinker.resolve("ld.lld", tree, "bin:", p -> false));
        assertEquals(Optional.empty(), UserLinker.resolve("", tree, path, p -> false));
    }
}
