package dev.ltocheck;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The package rules of the brief, checked on the sources. */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/ltocheck");
    // package -> imports it must not have
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry("archive", List.of("dev.ltocheck.", "org.bytedeco", "picocli")),
            // The one writer of files in a tree: below everything, it knows nothing of what it writes.
            Map.entry("apply", List.of("dev.ltocheck.", "org.bytedeco", "picocli")),
            Map.entry("bitstream", List.of("dev.ltocheck.", "org.bytedeco", "picocli")),
            Map.entry("summary", List.of("dev.ltocheck.archive", "dev.ltocheck.input", "dev.ltocheck.llvm",
                    "dev.ltocheck.imports", "dev.ltocheck.modules", "dev.ltocheck.report", "dev.ltocheck.cli",
                    "org.bytedeco", "picocli")),
            Map.entry("imports", List.of("dev.ltocheck.archive", "dev.ltocheck.bitstream", "dev.ltocheck.cache", "dev.ltocheck.input",
                    "dev.ltocheck.llvm", "dev.ltocheck.flags", "dev.ltocheck.modules", "dev.ltocheck.report",
                    "dev.ltocheck.cli", "org.bytedeco", "picocli")),
            Map.entry("flags", List.of("dev.ltocheck.summary", "dev.ltocheck.input", "dev.ltocheck.llvm", "dev.ltocheck.modules", "dev.ltocheck.report",
                    "dev.ltocheck.cli", "org.bytedeco", "picocli")),
            Map.entry("input", List.of("dev.ltocheck.llvm", "dev.ltocheck.modules", "dev.ltocheck.report", "dev.ltocheck.cli",
                    "org.bytedeco", "picocli")),
            Map.entry("llvm", List.of("dev.ltocheck.input", "dev.ltocheck.modules", "dev.ltocheck.report", "dev.ltocheck.cli",
                    "picocli")),
            Map.entry("cache", List.of("dev.ltocheck.modules", "dev.ltocheck.check",
                    "dev.ltocheck.report", "dev.ltocheck.cli", "dev.ltocheck.kbuild", "dev.ltocheck.sections",
                    "org.bytedeco", "picocli")),
            Map.entry("modules", List.of("dev.ltocheck.report", "dev.ltocheck.cli", "org.bytedeco", "picocli")),
            Map.entry("report", List.of("dev.ltocheck.cli", "org.bytedeco", "picocli")),
            Map.entry("check", List.of("dev.ltocheck.report", "dev.ltocheck.cli", "dev.ltocheck.kbuild", "dev.ltocheck.sections",
                    "org.bytedeco", "picocli")),
            Map.entry("kbuild", List.of("dev.ltocheck.report", "dev.ltocheck.cli", "dev.ltocheck.sections", "org.bytedeco", "picocli")),
            Map.entry("sections", List.of("dev.ltocheck.report", "dev.ltocheck.cli", "dev.ltocheck.kbuild", "org.bytedeco", "picocli")),
            Map.entry("cli", List.of("org.bytedeco")));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern MUTABLE_STATIC = Pattern.compile("^\\s+(?:private |public |protected )?static (?!final)"
            + "(?!class|record|enum|interface|sealed|\\w+\\s*\\()[\\w<>, ?\\[\\]]+ \\w+\\s*(=|;)", Pattern.MULTILINE);

    @Test
    void packagesImportOnlyTheLayersBelowThem() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String layer = MAIN.relativize(file).getName(0).toString();
                List<String> forbidden = FORBIDDEN.getOrDefault(layer, List.of());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String imported = m.group(1);
                    for (String f : forbidden) {
                        if (imported.startsWith(f) && !imported.startsWith("dev.ltocheck." + layer + ".")) {
                            violations.add(file + " imports " + imported);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    // Packages that handle a tree's files: they read them, and leave every write to apply/.
    private static final List<String> TREE_READERS = List.of("kbuild", "sections", "cli", "report", "check", "imports",
            "input", "modules");
    private static final Pattern FILE_WRITE = Pattern.compile("Files\\.(?:write|writeString|move|copy|newOutputStream"
            + "|newBufferedWriter|createLink|createSymbolicLink)\\(|new (?:FileOutputStream|FileWriter|RandomAccessFile)\\(|StandardCopyOption");

    @Test
    void onlyApplyWritesFilesOfATree() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (TREE_READERS.contains(MAIN.relativize(file).getName(0).toString())) {
                    Matcher m = FILE_WRITE.matcher(Files.readString(file));
                    while (m.find()) {
                        violations.add(file + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void noMutableStaticState() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = MUTABLE_STATIC.matcher(Files.readString(file));
                while (m.find()) {
                    violations.add(file + ": " + m.group().strip());
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
