package dev.ltocheck.wrapper;

import dev.ltocheck.llvm.UserLinker;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ld.lld the wrapper stands in for, found as {@code scripts/ltocheck-ld} finds it:
 * {@code LTOCHECK_LD}; else as kbuild names its linker when {@code LD} is not given (which is the
 * wrapper itself): {@code LLVM=/path/} gives {@code /path/ld.lld}, {@code LLVM=-N} gives
 * {@code ld.lld-N}, else {@code ld.lld}; looked up as {@link UserLinker#resolve} looks a linker up,
 * the wrapper itself skipped.
 */
public final class RealLinker {
    private RealLinker() {
    }

    /** The name to run, before any PATH lookup. */
    public static String name(Map<String, String> env) {
        String chosen = env.get("LTOCHECK_LD");
        if (chosen != null && !chosen.isBlank()) {
            return chosen.strip();
        }
        return UserLinker.byLlvm(env);
    }

    /**
     * @param dir      the folder a relative path is taken from (the link's)
     * @param wrappers the real paths of the wrapper's own programs (the shim, the launcher), never taken
     */
    public static Optional<Path> find(Map<String, String> env, Path dir, Set<Path> wrappers) {
        return UserLinker.resolve(name(env), dir, env.getOrDefault("PATH", ""), p -> isWrapper(p, wrappers));
    }

    /** scripts/ltocheck and scripts/ltocheck-ld beside the jar's folder, when this runs from a clone. */
    public static Set<Path> wrapperPrograms() {
        Set<Path> programs = new HashSet<>();
        try {
            Path jar = Path.of(RealLinker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() != null ? jar.getParent().getParent() : null;
            if (root != null) {
                for (String name : List.of("scripts/ltocheck", "scripts/ltocheck-ld")) {
                    Path p = root.resolve(name);
                    if (Files.exists(p)) {
                        programs.add(p.toRealPath());
                    }
                }
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            // not from a clone: nothing to skip
        }
        return programs;
    }

    private static boolean isWrapper(Path candidate, Set<Path> wrappers) {
        try {
            return wrappers.contains(candidate.toRealPath());
        } catch (IOException e) {
            return true; // cannot tell: not taken
        }
    }
}
