package dev.ltocheck.fuzz;

import dev.ltocheck.support.Samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The valid inputs mutations start from: every bitcode or ELF member of every sample and of the debug-info set, and the samples' regular archives. */
final class Corpus {
    static final List<byte[]> MEMBERS = new ArrayList<>();
    static final List<byte[]> ARCHIVES = new ArrayList<>();

    static {
        try (Stream<Path> files = Files.walk(Samples.ROOT)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".o") && !f.toString().contains("/expected/"))
                    .sorted().toList()) {
                MEMBERS.add(Files.readAllBytes(p));
            }
            // Debug-info modules: every record kind that names metadata at its own positions.
            try (Stream<Path> debugInfo = Files.list(Path.of("src/test/resources/debug-info"))) {
                for (Path p : debugInfo.filter(f -> f.toString().endsWith(".o")).sorted().toList()) {
                    MEMBERS.add(Files.readAllBytes(p));
                }
            }
            for (String s : Samples.ALL) {
                Path lib = Samples.dir(s).resolve("lib/lib.a");
                if (Files.exists(lib)) {
                    ARCHIVES.add(Files.readAllBytes(lib));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Corpus() {
    }
}
