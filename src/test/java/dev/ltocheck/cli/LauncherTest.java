package dev.ltocheck.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/ltocheck as a user installs it (a symlink in a bin folder) and runs it (from any folder,
 * one with a pom.xml of its own included), with a stand-in for Maven that records how it was
 * called and makes a jar of the classes under test.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result run(Path program, Path cwd, Path fakeBin, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        builder.environment().put("LTOCHECK_NO_CDS", "1");
        builder.environment().remove("MAVEN_OPTS");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A jar whose manifest runs ltocheck's Main from the test's own class path. */
    private static void writeJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(":"))
                .map(p -> Path.of(p).toUri().toString()).collect(Collectors.joining(" "));
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
    }

    @Test
    void worksThroughASymlinkFromAnyFolderAndBuildsWithoutColour() throws Exception {
        // The clone: scripts/ltocheck, a POM and sources, no jar yet.
        Path clone = dir.resolve("clone");
        Files.createDirectories(clone.resolve("scripts"));
        Files.createDirectories(clone.resolve("src/main"));
        Files.writeString(clone.resolve("pom.xml"), "<project/>");
        Files.copy(Path.of("scripts/ltocheck"), clone.resolve("scripts/ltocheck"));
        Path prebuilt = dir.resolve("prebuilt.jar");
        writeJar(prebuilt);
        // Maven, as the launcher calls it: records its arguments and environment, and "builds".
        Path fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        Path calls = dir.resolve("mvn-calls.txt");
        Path mvn = fakeBin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\n"
                + "echo \"cwd=$(pwd) args=$* MAVEN_OPTS=$MAVEN_OPTS\" >> " + calls + "\n"
                + "mkdir -p target/lib && cp " + prebuilt + " target/ltocheck.jar\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Installed as the README says: a symlink in a bin folder.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("ltocheck"), clone.resolve("scripts/ltocheck"));
        // Run from a folder that has a POM of its own.
        Path elsewhere = Files.createDirectories(dir.resolve("some-project"));
        Files.writeString(elsewhere.resolve("pom.xml"), "<project/>");

        Result first = run(link, elsewhere, fakeBin, "--version");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("ltocheck "), first.out());
        assertEquals("ltocheck: building " + clone.toRealPath().resolve("target/ltocheck.jar") + " (mvn package)...",
                first.err().strip());
        String call = Files.readString(calls).strip();
        assertTrue(call.startsWith("cwd=" + clone.toRealPath() + " "), call);
        assertTrue(call.contains(" args=-B -q --no-transfer-progress -Dstyle.color=never "), call);
        assertTrue(call.contains("-Djansi.noreset=true"), call);
        assertFalse(first.err().contains("\u001b"), first.err());

        // Built once: the second run only runs it.
        Result second = run(link, elsewhere, fakeBin, "--version");
        assertEquals(first.out(), second.out());
        assertEquals("", second.err());
        assertEquals(1, Files.readAllLines(calls).size());
    }
}
