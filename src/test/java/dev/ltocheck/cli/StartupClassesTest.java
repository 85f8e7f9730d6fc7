package dev.ltocheck.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a run pays for before and after its work: the classes a JVM running ltocheck loads, as the
 * JVM's own class-loading log names them. Each class named here costs its loading and static
 * initialisation on every run that touches it.
 */
class StartupClassesTest {
    @TempDir
    Path dir;

    /** The classes a fresh JVM loads running Main with these arguments in {@code cwd}. */
    private Set<String> loadedClasses(Path cwd, String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("classes.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        // [0.012s][info][class,load] java.lang.Object source: jrt:/java.base
        return Files.readAllLines(log).stream().map(line -> line.split(" ")).filter(words -> words.length > 1)
                .map(words -> words[1]).collect(Collectors.toSet());
    }

    @Test
    void picocliRegistersNoConvertersForTypesNoOptionHas() throws Exception {
        Set<String> classes = loadedClasses(dir, "--version");
        assertTrue(classes.contains("picocli.CommandLine"), "the log is read: " + classes.size() + " classes");
        // Picocli's converters for java.time and java.sql run DateTimeFormatter's static initialiser.
        assertFalse(classes.contains("java.time.format.DateTimeFormatter"));
        assertFalse(classes.contains("java.sql.DriverManager"));
    }
}
