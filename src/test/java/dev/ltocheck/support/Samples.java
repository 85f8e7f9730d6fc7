package dev.ltocheck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The committed sample trees in bitcode-samples/. */
public final class Samples {
    public static final Path ROOT = Path.of("bitcode-samples").toAbsolutePath();
    /** Scenarios built with ThinLTO (the ones lld runs a thin link for). */
    public static final List<String> THIN = List.of("x86-pie", "x86-pie-fixed", "clean", "riscv-medany", "stack-align",
            "x86-pitext", "clang14", "clang16", "pgo", "riscv-abi");
    public static final List<String> ALL = List.of("x86-pie", "x86-pie-fixed", "clean", "riscv-medany", "stack-align",
            "full-lto", "x86-pitext", "clang14", "clang16", "pgo", "riscv-abi");

    private Samples() {
    }

    public static Path dir(String scenario) {
        return ROOT.resolve(scenario);
    }

    /** The archives of a scenario's link, as named on its link line. */
    public static List<String> archives(String scenario) {
        return Files.exists(dir(scenario).resolve("lib/lib.a")) ? List.of("vmlinux.a", "lib/lib.a")
                : List.of("vmlinux.a");
    }

    /** A golden file's lines without its '#' header. */
    public static List<String> golden(String scenario, String name) {
        try {
            return Files.readAllLines(dir(scenario).resolve("expected").resolve(name)).stream()
                    .filter(l -> !l.startsWith("# "))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Lines with LLVM 20's metadata pointers ({@code <0x7f59f4020f50>}, how it prints a tuple such as
     * ProfileSummary: llvm-project #148805) made comparable: every pointer is {@code <0x>}; the rest stays.
     */
    public static List<String> pointerless(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("<0x[0-9a-f]+>", "<0x>")).toList();
    }

    /** lld's error lines in a golden link output. */
    public static List<String> lldErrors(String scenario) {
        return golden(scenario, "lld-link.txt").stream().filter(l -> l.startsWith("ld.lld: error: ")).toList();
    }

    /** Module names lld used in its thin link: the names of the .imports files it wrote. */
    public static List<String> thinLinkModuleNames(String scenario) {
        Path dir = dir(scenario).resolve("expected/thinlto");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p).toString())
                    .filter(n -> n.endsWith(".imports"))
                    .map(n -> n.substring(0, n.length() - ".imports".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
