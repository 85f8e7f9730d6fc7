package dev.ltocheck.llvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which ld.lld the user links with, and its version, in this order: {@code --lld-version};
 * {@code CONFIG_LLD_VERSION} in the object tree's {@code include/config/auto.conf} (kbuild writes
 * it from {@code ld.lld --version}); {@code --version} of the linker the saved link command names,
 * else of the one kbuild would take ({@code LD}, else {@code LLVM=1}, {@code LLVM=-N},
 * {@code LLVM=/path/}); else the bundled 20.1.7. A linker inside the tree is never run, and of
 * what the tree's own link line names only a bare {@code ld.lld[-N]} is looked up (on the user's
 * PATH): a hostile tree must not get a program of its choice run by asking for a version.
 */
public final class UserLinker {
    private static final long VERSION_TIMEOUT_SECONDS = 10;
    /** What a tree's saved link line may name for ltocheck to ask its version: a bare ld.lld, ld.lld-16, ... */
    private static final java.util.regex.Pattern TREE_NAMED_LINKER = java.util.regex.Pattern.compile("ld\\.lld(-[0-9]+)?");

    /**
     * The version modelled and where it came from, for the report.
     *
     * @param notes what was tried and did not answer (empty when the version was found)
     */
    public record Found(LldVersion version, String from, List<String> notes) {
    }

    private UserLinker() {
    }

    /**
     * @param option   {@code --lld-version}, if given (already parsed)
     * @param objtree  the folder the link runs in (a kernel object tree or not)
     * @param autoConf its {@code include/config/auto.conf}, if it has one the caller could read (as a
     *                 tree's text is read: a regular file, bounded)
     * @param program  the linker the saved link command runs, if the link comes from one ({@code ld.lld-16}
     *                 in {@code .vmlinux.o.cmd}: the caller reads the file, with kbuild's one .cmd reader)
     * @param env      the environment ({@code LD}, {@code LLVM}, {@code PATH})
     * @param notes    receives one line per thing tried that did not answer, for stderr
     */
    public static Found find(Optional<LldVersion> option, Path objtree, Optional<String> autoConf, Optional<String> program,
                             Map<String, String> env, List<String> notes) {
        if (option.isPresent()) {
            return new Found(option.get(), "--lld-version", List.of());
        }
        Optional<LldVersion> configured = autoConf.flatMap(UserLinker::kconfig);
        if (configured.isPresent()) {
            return new Found(configured.get(), "CONFIG_LLD_VERSION in include/config/auto.conf", List.of());
        }
        String name = program.orElseGet(() -> kbuildLinker(env));
        if (program.isPresent() && !TREE_NAMED_LINKER.matcher(name).matches()) {
            // The tree's link line is the tree's word: only a linker's bare name is looked up (on the
            // user's PATH); a path or any other program it names is not run.
            notes.add("the link line names '" + name + "': not run (only ld.lld[-N] is looked up on PATH;"
                    + " give --lld-version)");
            notes.add("modelling the bundled ld.lld " + LldVersion.BUNDLED + " (give --lld-version X[.Y] for yours)");
            return new Found(LldVersion.BUNDLED, "bundled (default)", List.copyOf(notes));
        }
        Optional<Path> linker = resolve(name, objtree, env.getOrDefault("PATH", ""), p -> false);
        if (linker.isEmpty()) {
            notes.add("no linker '" + name + "' found to ask its version");
        } else if (inside(linker.get(), objtree)) {
            notes.add("the linker " + linker.get() + " is inside the tree: not run (give --lld-version)");
        } else {
            Optional<LldVersion> asked = askVersion(linker.get());
            if (asked.isPresent()) {
                return new Found(asked.get(), linker.get() + " --version", List.copyOf(notes));
            }
            notes.add(linker.get() + " --version did not say 'LLD X.Y.Z'");
        }
        notes.add("modelling the bundled ld.lld " + LldVersion.BUNDLED + " (give --lld-version X[.Y] for yours)");
        return new Found(LldVersion.BUNDLED, "bundled (default)", List.copyOf(notes));
    }

    /** {@code CONFIG_LLD_VERSION} of an auto.conf's text, if it sets one. */
    static Optional<LldVersion> kconfig(String autoConf) {
        return autoConf.lines().filter(l -> l.startsWith("CONFIG_LLD_VERSION=")).findFirst()
                .flatMap(l -> LldVersion.fromKconfig(l.substring("CONFIG_LLD_VERSION=".length())));
    }

    /** As Linux's Makefile: {@code LD}; else with {@code LLVM}, {@code $(LLVM_PREFIX)ld.lld$(LLVM_SUFFIX)}. */
    static String kbuildLinker(Map<String, String> env) {
        String ld = env.get("LD");
        if (ld != null && !ld.isBlank()) {
            String[] words = ld.strip().split("\\s+");
            if (words.length > 1 && words[1].equals("ld") && Path.of(words[0]).getFileName().toString().equals("ltocheck")) {
                // ltocheck's linker wrapper: its one-word shim answers --version as the real ld.lld
                return Path.of(words[0]).resolveSibling("ltocheck-ld").toString();
            }
            return words[0];
        }
        return byLlvm(env);
    }

    /** The ld.lld kbuild's {@code LLVM=} names: {@code LLVM=/path/} is {@code /path/ld.lld}, {@code LLVM=-N} {@code ld.lld-N}. */
    public static String byLlvm(Map<String, String> env) {
        String llvm = env.getOrDefault("LLVM", "");
        if (llvm.endsWith("/")) {
            return llvm + "ld.lld";
        }
        if (llvm.startsWith("-")) {
            return "ld.lld" + llvm;
        }
        return "ld.lld";
    }

    /**
     * The one lookup of a linker's name, as a shell finds a program: a name with a '/' is a path from
     * {@code dir}; a bare name is looked up on {@code path}, whose relative and empty entries (the
     * current folder: the tree) are never searched. Only an executable regular file is taken, and
     * none that {@code skipped} refuses (the linker wrapper's own programs).
     */
    public static Optional<Path> resolve(String name, Path dir, String path, java.util.function.Predicate<Path> skipped) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (name.contains("/")) {
            return runnable(dir.resolve(name), skipped);
        }
        for (String entry : path.split(":")) {
            if (!entry.startsWith("/")) {
                continue;
            }
            Optional<Path> found = runnable(Path.of(entry).resolve(name), skipped);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> runnable(Path p, java.util.function.Predicate<Path> skipped) {
        return Files.isRegularFile(p) && Files.isExecutable(p) && !skipped.test(p)
                ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    }

    private static boolean inside(Path linker, Path objtree) {
        try {
            Path tree = objtree.toRealPath();
            return linker.toRealPath().startsWith(tree) || linker.toAbsolutePath().normalize().startsWith(tree);
        } catch (IOException e) {
            return true; // cannot tell: do not run it
        }
    }

    static Optional<LldVersion> askVersion(Path linker) {
        try {
            Path output = Files.createTempFile("ltocheck-lld-version", ".txt");
            try {
                Process process = new ProcessBuilder(linker.toString(), "--version").redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return Optional.empty();
                }
                byte[] bytes = Files.readAllBytes(output);
                String text = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
                return LldVersion.fromBanner(text);
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
